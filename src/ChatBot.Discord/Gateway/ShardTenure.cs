using ChatBot.Core.Coordination;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// This worker's hold on one shard's lease during one session, by its own monotonic clock: the
/// lease counts from before the request that took or renewed it (never from the store's answer), so
/// however the wall clocks differ, this worker believes in its lease no longer than the store does.
/// A worker paused past its lease (SIGSTOP, a frozen VM) sees on waking that its tenure ran out.
/// </summary>
internal sealed class ShardTenure(TimeProvider time, TimeSpan lease)
{
    private readonly long _askedAt = time.GetTimestamp();
    private long _validUntil;

    /// <summary>Renews the lease in the store; false when another worker holds it. Set while renewing runs.</summary>
    public Func<CancellationToken, Task<bool>>? Confirm { get; set; }

    /// <summary>How long the lease surely still runs (zero or less: it may have run out).</summary>
    public TimeSpan Remaining => time.GetElapsedTime(time.GetTimestamp(), Interlocked.Read(ref _validUntil));

    public bool IsValid => Remaining > TimeSpan.Zero;

    /// <summary>The store answered that this worker holds the lease, for the request sent at <paramref name="askedAt"/>.</summary>
    public void Renewed(LeaseHolder held, long? askedAt = null)
    {
        var runs = held.Remaining < lease ? held.Remaining : lease;
        Interlocked.Exchange(ref _validUntil, (askedAt ?? _askedAt) + (long)(runs.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>
    /// Before identifying or resuming: renews the lease in the store. When the store cannot be
    /// asked, the tenure still counts while it runs by this worker's clock.
    /// </summary>
    /// <returns>False when this worker must not speak for the shard.</returns>
    public async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        if (Confirm is not { } confirm)
        {
            return IsValid;
        }
        try
        {
            return await confirm(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return IsValid;
        }
    }
}
