namespace ChatBot.Core.Sources;

public sealed record SourceProgress(int Done, int Total, string? CurrentSource);
