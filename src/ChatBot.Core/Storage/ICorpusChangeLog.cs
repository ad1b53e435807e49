namespace ChatBot.Core.Storage;

/// <summary>
/// The corpus change log behind digests. Deliberately dumb: the policy of what counts as added,
/// changed or removed lives in <see cref="Digests.CorpusChangeTracker"/>.
/// </summary>
public interface ICorpusChangeLog
{
    /// <summary>Every document ever seen, removed ones included.</summary>
    Task<IReadOnlyList<DocumentChange>> ListAsync(CancellationToken cancellationToken);

    /// <summary>When the log was last compared with the corpus; null before the first comparison.</summary>
    Task<DateTimeOffset?> LastSyncedAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the given rows and records the comparison time, in one transaction.</summary>
    Task ApplyAsync(IReadOnlyList<DocumentChange> changes, DateTimeOffset syncedAt, CancellationToken cancellationToken);
}
