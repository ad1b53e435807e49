namespace ChatBot.Core.Storage;

/// <summary>
/// Accepted inbound work, written before the platform is told "accepted" so a stop or crash loses
/// nothing: items are leased for processing, resumed after a restart, and remember how many
/// replies went out so a resumed item never repeats them. The unique key makes a replayed or
/// concurrently repeated delivery a no-op, across restarts too.
/// </summary>
public interface IInbox
{
    /// <returns>False when an item with this key was accepted before (a duplicate delivery).</returns>
    Task<bool> TryAddAsync(string platform, string key, string conversation, string payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> items that are due, each the oldest unfinished item of its
    /// conversation, so order within a conversation holds and different conversations run side by side.
    /// </summary>
    Task<IReadOnlyList<InboxItem>> LeaseAsync(string platform, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="partsDone"/> replies of the item have gone out.</summary>
    Task RecordPartsAsync(long id, int partsDone, CancellationToken cancellationToken);

    /// <param name="outcome">"done" or "failed", with <paramref name="reason"/> for the latter.</param>
    Task CompleteAsync(long id, string outcome, string? reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the item due again at <paramref name="nextAttemptAt"/>.</summary>
    Task DeferAsync(long id, string reason, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Hands a leased item back untouched (shutdown), so the next start resumes it at once.</summary>
    Task ReleaseAsync(long id, CancellationToken cancellationToken);

    /// <summary>The earliest time an unfinished item of the platform becomes due (lease or deferral ending).</summary>
    Task<DateTimeOffset?> NextDueAsync(string platform, CancellationToken cancellationToken);

    /// <summary>Unfinished items of the platform (leased, deferred or waiting), of every worker on the store.</summary>
    Task<long> CountPendingAsync(string platform, CancellationToken cancellationToken);

    /// <summary>Forgets finished items older than <paramref name="before"/>; their keys stop deduplicating.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
