namespace ChatBot.Core.Knowledge;

public sealed record SkippedFile(string Path, string Reason);
