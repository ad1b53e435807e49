namespace ChatBot.Core.Storage;

/// <summary>When a document was first seen, last changed (by content hash) and removed.</summary>
public sealed record DocumentChange(
    string DocumentId,
    string ContentHash,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastChanged,
    DateTimeOffset? RemovedAt);
