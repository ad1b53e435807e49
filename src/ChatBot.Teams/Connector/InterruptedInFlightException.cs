using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ChatBot.Teams.Connector;

/// <summary>Marks a cancellation that hit a request already sent, as opposed to one between attempts.</summary>
internal sealed class InterruptedInFlightException(OperationCanceledException inner) : Exception("interrupted in flight", inner);
