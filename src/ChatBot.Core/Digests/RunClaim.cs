using ChatBot.Core.Coordination;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Digests;

/// <summary>
/// One worker's claim on one digest run while it posts: renewed every
/// <see cref="DigestOptions.ClaimRenewal"/>, so the claim can be short (a killed worker's run is
/// resumed soon, within the platform's de-duplication window) without a slow post losing it.
/// The claim is lost when a renewal finds another holder (this worker stalled past the claim and
/// the run was taken over) or when it could not be renewed before it ran out by this worker's own
/// monotonic clock, or when the store refused a write made under it (<see cref="RefusedAsync"/>);
/// <see cref="Lost"/> then cancels the post, and <see cref="EnsureHeldAsync"/> refuses to start
/// another part.
/// </summary>
public sealed class RunClaim : IAsyncDisposable
{
    private readonly IDeliveryLog _log;
    private readonly long _runId;
    private readonly DigestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LostClaims? _lostClaims;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private long _validUntilTimestamp;

    /// <param name="takenAt">The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the claim was asked for.</param>
    internal RunClaim(IDeliveryLog log, long runId, string holder, long takenAt, DigestOptions options, TimeProvider time, ILogger logger, LostClaims? lostClaims = null)
    {
        _lostClaims = lostClaims;
        _log = log;
        _runId = runId;
        Holder = holder;
        _options = options;
        _time = time;
        _logger = logger;
        _validUntilTimestamp = takenAt + Ticks(options.ClaimLease);
        _renewing = RenewAsync();
    }

    /// <summary>Who holds the run in the delivery log (this worker and this attempt).</summary>
    public string Holder { get; }

    /// <summary>Cancelled once this worker may no longer act on the run.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>
    /// Called before each part goes out: renews the claim in the store, so a worker that was paused
    /// past its claim (and whose run another worker resumed) learns it before posting, not after.
    /// </summary>
    /// <exception cref="RunClaimLostException">Another worker holds the run now, or the claim ran out.</exception>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (!IsLost && !await TryRenewAsync(cancellationToken))
        {
            await _lost.CancelAsync();
        }
        if (IsLost)
        {
            throw Lost_();
        }
    }

    /// <summary>
    /// The store refused a write made under this claim (it is another worker's now, or it ran out
    /// by the store's clock): the claim is lost from here on.
    /// </summary>
    /// <returns>The exception to throw, so the attempt stops and writes nothing more.</returns>
    public async Task<RunClaimLostException> RefusedAsync(string write)
    {
        _logger.LogWarning("Digest run {RunId}: the store refused {Write} from {Holder}: the claim is no longer this worker's; it stops and leaves the run to the holder",
            _runId, write, Holder);
        _lostClaims?.Refused(LostClaims.Digest);
        await _lost.CancelAsync();
        return Lost_();
    }

    private RunClaimLostException Lost_() =>
        new($"The claim on digest run {_runId} was lost (another worker took the run over, or it could not be renewed in time); this worker posts nothing more for it.");

    /// <returns>False when the claim is gone; true when renewed, or when the store failed but the claim still runs.</returns>
    private async Task<bool> TryRenewAsync(CancellationToken cancellationToken)
    {
        var startedAt = _time.GetTimestamp();
        try
        {
            if (!await _log.RenewLeaseAsync(_runId, Holder, _options.ClaimLease, cancellationToken))
            {
                _logger.LogWarning("Digest run {RunId}: the claim is no longer this worker's ({Holder}); another worker took the run over, or it ran out by the store's clock", _runId, Holder);
                return false;
            }
            Interlocked.Exchange(ref _validUntilTimestamp, startedAt + Ticks(_options.ClaimLease));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var stillRuns = _time.GetTimestamp() + Ticks(_options.ClaimRenewal) < Interlocked.Read(ref _validUntilTimestamp);
            _logger.LogWarning("Digest run {RunId}: renewing the claim failed ({Error}){Next}", _runId, e.Message,
                stillRuns ? "; it still runs, trying again" : "; it runs out before the next try, so this worker stops posting the run");
            return stillRuns;
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && !IsLost)
            {
                await Task.Delay(_options.ClaimRenewal, _time, _stop.Token).ConfigureAwait(false);
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
        await _stop.CancelAsync();
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _lost.Dispose();
    }
}
