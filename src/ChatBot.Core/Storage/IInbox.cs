namespace ChatBot.Core.Storage;

/// <summary>
/// Accepted inbound work, written before the platform is told "accepted" so a stop or crash loses
/// nothing: items are leased for processing, resumed after a restart, and remember how many
/// replies went out so a resumed item never repeats them. The unique key makes a replayed or
/// concurrently repeated delivery a no-op, across restarts too.
/// </summary>
public interface IInbox
{
    /// <summary>Accepts an item, stamped with the store's clock (the database server's where workers share it).</summary>
    /// <returns>False when an item with this key was accepted before (a duplicate delivery).</returns>
    Task<bool> TryAddAsync(string platform, string key, string conversation, string payload, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> items that are due, each the oldest unfinished item of its
    /// conversation, for <paramref name="holder"/> for <paramref name="lease"/> (on the store's
    /// clock), so order within a conversation holds and different conversations run side by side.
    /// </summary>
    Task<IReadOnlyList<InboxItem>> LeaseAsync(string platform, string holder, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s claim on an item to <paramref name="lease"/> from now (never shortens it).</summary>
    /// <returns>False when the claim is lost (another worker took the item over, or it ran out): post nothing more for it.</returns>
    Task<bool> RenewAsync(long id, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="partsDone"/> replies of the item have gone out.</summary>
    /// <returns>False when <paramref name="holder"/> no longer holds the item; nothing is recorded.</returns>
    Task<bool> RecordPartsAsync(long id, string holder, int partsDone, CancellationToken cancellationToken);

    /// <summary>Closes the item, stamped with the store's clock.</summary>
    /// <param name="outcome">"done" or "failed", with <paramref name="reason"/> for the latter.</param>
    /// <returns>False when <paramref name="holder"/> no longer holds the item; nothing is recorded.</returns>
    Task<bool> CompleteAsync(long id, string holder, string outcome, string? reason, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the item due again after <paramref name="delay"/> (on the store's clock).</summary>
    /// <returns>False when <paramref name="holder"/> no longer holds the item; nothing is recorded.</returns>
    Task<bool> DeferAsync(long id, string holder, string reason, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Hands a leased item back untouched (shutdown), so the next start resumes it at once; only while it is <paramref name="holder"/>'s.</summary>
    Task ReleaseAsync(long id, string holder, CancellationToken cancellationToken);

    /// <summary>The earliest time an unfinished item of the platform becomes due (claim or deferral ending), in the caller's clock.</summary>
    Task<DateTimeOffset?> NextDueAsync(string platform, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Unfinished items of the platform (leased, deferred or waiting), of every worker on the store.</summary>
    Task<long> CountPendingAsync(string platform, CancellationToken cancellationToken);

    /// <summary>Forgets items finished more than <paramref name="olderThan"/> ago by the store's clock; their keys stop deduplicating.</summary>
    Task<int> PurgeAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}
