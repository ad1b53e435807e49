namespace ChatBot.Core.Coordination;

/// <summary>
/// Named leases in the shared store, so that of several workers exactly one does a thing at a time
/// (runs a gateway shard, identifies in a rate-limit bucket, announces itself alive). A lease is
/// taken when it is free or expired, renewed only by its holder, and outlives a holder that dies
/// until it expires. Expiry is judged by the store's clock (PostgreSQL: the server's; SQLite, one
/// machine: the process's), never by the asking worker's, so a worker whose clock is off can
/// neither steal a live lease nor keep one that ran out; callers pass durations, not instants.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease for <paramref name="duration"/> from now (by the store's clock) when nobody
    /// holds it, it expired, or <paramref name="holder"/> already holds it (a renewal).
    /// </summary>
    /// <returns>The lease as it stands afterwards: held by <paramref name="holder"/> when taken, else by whoever holds it.</returns>
    Task<LeaseHolder> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up at once, if <paramref name="holder"/> still holds it (a clean stop).</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>The lease's current row, expired or not; null when it was never taken or was released.</summary>
    Task<LeaseHolder?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every unexpired lease whose name starts with <paramref name="prefix"/>, oldest taken first.</summary>
    Task<IReadOnlyList<LeaseHolder>> ListLiveAsync(string prefix, CancellationToken cancellationToken);
}
