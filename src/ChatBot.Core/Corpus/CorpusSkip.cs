namespace ChatBot.Core.Corpus;

/// <summary>Something under the corpus folder that was passed over, and why.</summary>
public sealed record CorpusSkip(string Path, string Reason);
