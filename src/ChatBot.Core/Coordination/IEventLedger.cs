namespace ChatBot.Core.Coordination;

/// <summary>
/// Event ids seen by any worker, for a while: a platform's redelivery that reaches another worker
/// (a retried webhook through a load balancer, a gateway event during a shard hand-over) is
/// recognised there too.
/// </summary>
public interface IEventLedger
{
    /// <summary>Records the id for <paramref name="window"/>, counted on the store's clock (the database server's where workers share it).</summary>
    /// <returns>True when no worker recorded the id, or its record expired; false for a repeat.</returns>
    Task<bool> TryRecordAsync(string id, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets an id whose event could not be accepted, so the sender's retry is handled.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the records that expired by the store's clock.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}
