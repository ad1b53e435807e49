using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

/// <summary>
/// One row per digest run and channel. Claiming a run is an insert guarded by
/// UNIQUE(channel, scheduled_for), which is what keeps "exactly once per period" true across
/// restarts and replicas: whoever inserts first owns the run; everyone else sees it exists.
/// Attempts are claims (<c>lease_holder</c>, <c>lease_until</c>) judged by the store's clock (the
/// database server's where workers share it): callers pass durations, never instants, and every
/// write an attempt makes is fenced on still holding its claim, returning false when it does not.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>Records a scheduled run as pending before anything is posted.</summary>
    /// <returns>The new run, or null when this channel's run for that time was claimed before.</returns>
    Task<DeliveryRecord?> TryClaimAsync(ChannelKey channel, DateTimeOffset scheduledFor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records an on-demand run ("post now"), already claimed by <paramref name="holder"/> for <paramref name="lease"/>.</summary>
    Task<DeliveryRecord> StartManualAsync(ChannelKey channel, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records a run that will not be attempted (missed, paused) with the reason.</summary>
    /// <returns>The row, or null when that run was recorded before.</returns>
    Task<DeliveryRecord?> RecordNotAttemptedAsync(ChannelKey channel, DateTimeOffset scheduledFor, DeliveryOutcome outcome, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Pending runs whose next attempt is due by <paramref name="now"/> (the caller's schedule) and
    /// that no live claim holds (by the store's clock), oldest first.
    /// </summary>
    Task<IReadOnlyList<PendingRun>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest future attempt time of any pending run, for the scheduler's sleep, in the
    /// caller's clock (a claim's end is translated by how long it still runs).
    /// </summary>
    Task<DateTimeOffset?> NextAttemptAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes a pending run for one attempt, for <paramref name="lease"/>, in the name of <paramref name="holder"/>.</summary>
    /// <returns>False when another worker holds a claim on it that still runs, or it is no longer pending.</returns>
    Task<bool> TryLeaseAsync(long runId, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s claim on a pending run to <paramref name="lease"/> from now (never shortens it).</summary>
    /// <returns>False when the run is no longer pending, another worker took it over, or the claim ran out.</returns>
    Task<bool> RenewLeaseAsync(long runId, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives a run back untouched (shutdown during an attempt), so it is resumed, not lost; only while it is <paramref name="holder"/>'s.</summary>
    Task ReleaseAsync(long runId, string holder, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and schedules the next one (fenced: false when the claim is lost).</summary>
    Task<bool> RetryLaterAsync(long runId, string holder, string reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Closes the run with its outcome (fenced: false when the claim is lost, and nothing is written).</summary>
    Task<bool> CompleteAsync(long runId, string holder, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Closes a run that delivered its digest and moves <paramref name="channel"/>'s covered-until
    /// mark to <paramref name="coveredUntil"/> (never back; failures reset) in one transaction,
    /// fenced on the claim: both happen, or (the claim is lost) neither.
    /// </summary>
    /// <returns>False when <paramref name="holder"/> no longer holds the run; nothing is written.</returns>
    Task<bool> CompleteDeliveredAsync(long runId, string holder, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt,
        ChannelKey channel, DateTimeOffset coveredUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that part <paramref name="index"/> is about to be posted over the period ending
    /// <paramref name="windowUntil"/>; null: no part is on its way any more (it was never sent).
    /// </summary>
    /// <returns>False when <paramref name="holder"/> no longer holds the run: post nothing.</returns>
    Task<bool> BeginPartAsync(long runId, string holder, int? index, DateTimeOffset windowUntil, CancellationToken cancellationToken);

    /// <summary>Part <paramref name="index"/> went out (<paramref name="uncertain"/>: may have); a retry starts after it.</summary>
    /// <returns>False when <paramref name="holder"/> no longer holds the run; nothing is recorded.</returns>
    Task<bool> RecordPartAsync(long runId, string holder, int index, bool uncertain, string? publishState, string? note, CancellationToken cancellationToken);

    /// <summary>Adds a line to the run's history (interruptions, retries, their reasons); fenced like every holder's write.</summary>
    Task<bool> AppendHistoryAsync(long runId, string holder, string note, CancellationToken cancellationToken);

    /// <summary>An attempt was interrupted (shutdown): counted and noted, and the run handed back for the next start (if still <paramref name="holder"/>'s).</summary>
    Task<bool> InterruptAsync(long runId, string holder, int attempts, string note, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the channel's other pending runs scheduled before <paramref name="before"/> as
    /// <see cref="DeliveryOutcome.Missed"/>: a later delivery already carried their changes.
    /// </summary>
    Task<int> SupersedeAsync(ChannelKey channel, DateTimeOffset before, long exceptRunId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeliveryRecord?> GetAsync(long runId, CancellationToken cancellationToken);

    /// <summary>The channel's runs, newest scheduled first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> RecentAsync(ChannelKey channel, int max, CancellationToken cancellationToken);
}
