namespace ChatBot.Core.Corpus;

/// <summary>What one walk of the corpus folder found.</summary>
public sealed record CorpusScan(IReadOnlyList<CorpusFile> Files, IReadOnlyList<CorpusSkip> Skipped);
