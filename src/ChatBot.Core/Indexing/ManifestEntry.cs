namespace ChatBot.Core.Indexing;

/// <summary>One entry of the manifest kept in the commit user data: which file bytes are indexed.</summary>
internal sealed record ManifestEntry(string DocumentId, string Hash);
