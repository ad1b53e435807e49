using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Sources;

public sealed record SourceProgress(int Done, int Total, string? CurrentSource);
