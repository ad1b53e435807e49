using ChatBot.Core.Coordination;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Digests;

/// <summary>
/// One worker's claim on one digest run while it composes and posts: a <see cref="ClaimHeartbeat"/>
/// renewing it every <see cref="DigestOptions.ClaimRenewal"/>, so the claim can be short (a killed
/// worker's run is resumed soon, within the platform's de-duplication window) without a slow post
/// losing it. Once lost, <see cref="Lost"/> cancels the post and <see cref="EnsureHeldAsync"/>
/// refuses to start another part.
/// </summary>
public sealed class RunClaim : IAsyncDisposable
{
    private readonly long _runId;
    private readonly ILogger _logger;
    private readonly LostClaims? _lostClaims;
    private readonly ClaimHeartbeat _heartbeat;

    /// <param name="takenAt">The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the claim was asked for.</param>
    internal RunClaim(IDeliveryLog log, long runId, string holder, long takenAt, DigestOptions options, TimeProvider time, ILogger logger, LostClaims? lostClaims = null)
    {
        _lostClaims = lostClaims;
        _runId = runId;
        _logger = logger;
        Holder = holder;
        _heartbeat = new ClaimHeartbeat(ct => log.RenewLeaseAsync(runId, holder, options.ClaimLease, ct), options.ClaimLease, options.ClaimRenewal,
            takenAt, time, logger, $"Digest run {runId} ({holder})");
    }

    /// <summary>Who holds the run in the delivery log (this worker and this attempt).</summary>
    public string Holder { get; }

    /// <summary>Cancelled once this worker may no longer act on the run.</summary>
    public CancellationToken Lost => _heartbeat.Lost;

    public bool IsLost => _heartbeat.IsLost;

    /// <summary>
    /// Called before each part goes out: renews the claim in the store, so a worker that was paused
    /// past its claim (and whose run another worker resumed) learns it before posting, not after.
    /// </summary>
    /// <exception cref="RunClaimLostException">Another worker holds the run now, or the claim ran out.</exception>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (!await _heartbeat.ConfirmAsync(TimeSpan.Zero, cancellationToken))
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
        await _heartbeat.MarkLostAsync();
        return Lost_();
    }

    private RunClaimLostException Lost_() =>
        new($"The claim on digest run {_runId} was lost (another worker took the run over, or it could not be renewed in time); this worker posts nothing more for it.");

    public ValueTask DisposeAsync() => _heartbeat.DisposeAsync();
}
