namespace ChatBot.Core.Indexing;

/// <summary>The last commit: its generation (which grows with every commit, whichever process made it) and its manifest.</summary>
internal sealed record IndexCommitState(long Generation, IReadOnlyDictionary<string, ManifestEntry>? Manifest);
