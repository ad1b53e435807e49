namespace ChatBot.Core.Coordination;

/// <summary>
/// Numbers every worker agrees on through the shared store, that only ever grow (e.g. the gateway
/// shard count after a re-shard): a worker raises one and the others see it on their next read.
/// </summary>
public interface ISharedNumbers
{
    /// <summary>Raises the number to at least <paramref name="atLeast"/>.</summary>
    /// <returns>The number afterwards (higher than asked when another worker raised it further).</returns>
    Task<long> RaiseAsync(string name, long atLeast, DateTimeOffset now, CancellationToken cancellationToken);

    /// <returns>The number, or null when nobody set it yet.</returns>
    Task<long?> ReadAsync(string name, CancellationToken cancellationToken);
}
