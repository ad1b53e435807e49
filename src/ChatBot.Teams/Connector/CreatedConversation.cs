using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ChatBot.Teams.Connector;

public sealed record CreatedConversation(string Id, string? ActivityId);
