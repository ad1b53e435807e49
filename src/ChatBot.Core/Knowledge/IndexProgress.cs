namespace ChatBot.Core.Knowledge;

public sealed record IndexProgress(int Done, int Total, string? CurrentFile);
