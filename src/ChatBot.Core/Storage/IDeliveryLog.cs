using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

/// <summary>
/// One row per digest run and channel. Claiming a run is an insert guarded by
/// UNIQUE(channel, scheduled_for), which is what keeps "exactly once per period" true across
/// restarts and replicas: whoever inserts first owns the run; everyone else sees it exists.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>Records a scheduled run as pending before anything is posted.</summary>
    /// <returns>The new run, or null when this channel's run for that time was claimed before.</returns>
    Task<DeliveryRecord?> TryClaimAsync(ChannelKey channel, DateTimeOffset scheduledFor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records an on-demand run ("post now"), already leased to the caller until <paramref name="leaseUntil"/>.</summary>
    Task<DeliveryRecord> StartManualAsync(ChannelKey channel, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records a run that will not be attempted (missed, paused) with the reason.</summary>
    /// <returns>The row, or null when that run was recorded before.</returns>
    Task<DeliveryRecord?> RecordNotAttemptedAsync(ChannelKey channel, DateTimeOffset scheduledFor, DeliveryOutcome outcome, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pending runs whose next attempt is due and that no live worker holds, oldest first.</summary>
    Task<IReadOnlyList<PendingRun>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The earliest future attempt time of any pending run, for the scheduler's sleep.</summary>
    Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken);

    /// <summary>Takes a pending run for one attempt until <paramref name="leaseUntil"/>, in the name of <paramref name="holder"/>.</summary>
    /// <returns>False when another worker holds it or it is no longer pending.</returns>
    Task<bool> TryLeaseAsync(long runId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s claim on a pending run (never shortens it).</summary>
    /// <returns>False when the run is no longer pending or another worker took it over.</returns>
    Task<bool> RenewLeaseAsync(long runId, string holder, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Gives a run back untouched (shutdown during an attempt), so it is resumed, not lost.</summary>
    Task ReleaseAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and schedules the next one.</summary>
    Task RetryLaterAsync(long runId, string reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    Task CompleteAsync(long runId, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that part <paramref name="index"/> is about to be posted over the period ending
    /// <paramref name="windowUntil"/>; null: no part is on its way any more (it was never sent).
    /// </summary>
    Task BeginPartAsync(long runId, int? index, DateTimeOffset windowUntil, CancellationToken cancellationToken);

    /// <summary>Part <paramref name="index"/> went out (<paramref name="uncertain"/>: may have); a retry starts after it.</summary>
    Task RecordPartAsync(long runId, int index, bool uncertain, string? publishState, string? note, CancellationToken cancellationToken);

    /// <summary>Adds a line to the run's history (interruptions, retries, their reasons).</summary>
    Task AppendHistoryAsync(long runId, string note, CancellationToken cancellationToken);

    /// <summary>An attempt was interrupted (shutdown): counted and noted, and the run handed back for the next start.</summary>
    Task InterruptAsync(long runId, int attempts, string note, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the channel's other pending runs scheduled before <paramref name="before"/> as
    /// <see cref="DeliveryOutcome.Missed"/>: a later delivery already carried their changes.
    /// </summary>
    Task<int> SupersedeAsync(ChannelKey channel, DateTimeOffset before, long exceptRunId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeliveryRecord?> GetAsync(long runId, CancellationToken cancellationToken);

    /// <summary>The channel's runs, newest scheduled first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> RecentAsync(ChannelKey channel, int max, CancellationToken cancellationToken);
}
