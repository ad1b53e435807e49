using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Coordination;

/// <summary>
/// Keeps one claim in the store (a digest run, a Teams activity, a source fetch) alive while its
/// work runs, however long that takes: it is renewed every <c>renewal</c> on the store's clock, so
/// a slow answer, post or feed keeps it, while a killed worker's claim still runs out one lease
/// after its last renewal. The claim is lost when a renewal is refused (another worker took it
/// over, or it ran out by the store's clock), when it could not be renewed before it runs out by
/// this worker's own monotonic clock (counted from before each renewal was sent, so the worker
/// never believes in a claim longer than the store does), or when the store refused a write made
/// under it (<see cref="MarkLostAsync"/>). <see cref="Lost"/> then cancels the work.
/// </summary>
public sealed class ClaimHeartbeat : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _renew;
    private readonly TimeSpan _lease;
    private readonly TimeSpan _renewal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private long _validUntilTimestamp;

    /// <param name="renew">Extends the claim in the store; false when the store refused (the claim is not this worker's any more).</param>
    /// <param name="takenAt">The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the claim was asked for.</param>
    /// <param name="what">Names the claim in log lines, e.g. "Teams activity 42 (holder w/teams/3)".</param>
    public ClaimHeartbeat(Func<CancellationToken, Task<bool>> renew, TimeSpan lease, TimeSpan renewal, long takenAt, TimeProvider time, ILogger logger, string what)
    {
        _renew = renew;
        _lease = lease;
        _renewal = renewal;
        _time = time;
        _logger = logger;
        _what = what;
        _validUntilTimestamp = takenAt + Ticks(lease);
        _renewing = RenewLoopAsync();
    }

    /// <summary>Cancelled once this worker may no longer act under the claim.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>How long the claim still runs by this worker's monotonic clock (zero once lost).</summary>
    public TimeSpan Remaining =>
        IsLost ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(0, Interlocked.Read(ref _validUntilTimestamp) - _time.GetTimestamp()) / (double)_time.TimestampFrequency);

    /// <summary>
    /// Renews the claim now and says whether it is still held with at least <paramref name="margin"/>
    /// to run, e.g. right before something goes on the wire that must not arrive after the claim
    /// ran out. A claim that cannot be renewed (refused), or that would run out within the margin
    /// because the store cannot be reached, is lost from here on.
    /// </summary>
    public async Task<bool> ConfirmAsync(TimeSpan margin, CancellationToken cancellationToken)
    {
        if (IsLost)
        {
            return false;
        }
        if (!await TryRenewAsync(cancellationToken).ConfigureAwait(false))
        {
            await _lost.CancelAsync().ConfigureAwait(false);
            return false;
        }
        if (Remaining < margin)
        {
            _logger.LogWarning("{Claim}: the claim runs out within {Margin} and the store could not renew it; this worker stops acting under it", _what, margin);
            await _lost.CancelAsync().ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>The store refused a write made under the claim: it is lost from here on.</summary>
    public Task MarkLostAsync() => _lost.CancelAsync();

    /// <returns>False when the claim is gone; true when renewed, or when the store failed but the claim still runs.</returns>
    private async Task<bool> TryRenewAsync(CancellationToken cancellationToken)
    {
        var startedAt = _time.GetTimestamp();
        try
        {
            if (!await _renew(cancellationToken).ConfigureAwait(false))
            {
                _logger.LogWarning("{Claim}: the claim is no longer this worker's; another worker took it over, or it ran out by the store's clock", _what);
                return false;
            }
            // Only forward: a renewal that was sent earlier but answered later must not shorten it.
            var until = startedAt + Ticks(_lease);
            for (var seen = Interlocked.Read(ref _validUntilTimestamp); until > seen; seen = Interlocked.Read(ref _validUntilTimestamp))
            {
                if (Interlocked.CompareExchange(ref _validUntilTimestamp, until, seen) == seen)
                {
                    break;
                }
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var stillRuns = _time.GetTimestamp() + Ticks(_renewal) < Interlocked.Read(ref _validUntilTimestamp);
            _logger.LogWarning("{Claim}: renewing the claim failed ({Error}){Next}", _what, e.Message,
                stillRuns ? "; it still runs, trying again" : "; it runs out before the next try, so this worker stops acting under it");
            return stillRuns;
        }
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && !IsLost)
            {
                await Task.Delay(_renewal, _time, _stop.Token).ConfigureAwait(false);
                if (!await TryRenewAsync(_stop.Token).ConfigureAwait(false))
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _lost.Dispose();
    }
}
