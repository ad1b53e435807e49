namespace ChatBot.Core.Digests;

/// <summary>What one comparison of the index with the change log found.</summary>
public sealed record CorpusSyncResult(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);
