using System.Globalization;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Digests;

/// <summary>
/// Makes one attempt at one recorded run: lease it, compose since the channel's covered mark,
/// post through the platform's publisher, then record the outcome. Failures are retried with
/// exponential backoff by scheduling the next attempt, never by waiting, so a failing channel
/// holds up nobody else.
/// </summary>
public sealed class DigestRunner(
    IDigestComposer composer,
    ISubscriptionStore subscriptions,
    IDeliveryLog deliveries,
    IEnumerable<IDigestPublisher> publishers,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestRunner> logger,
    WorkerIdentity? worker = null,
    LostClaims? lostClaims = null)
{
    private readonly IReadOnlyList<IDigestPublisher> _publishers = publishers.ToList();
    private readonly string _workerName = (worker ?? new WorkerIdentity()).Name;
    private long _attempts;

    private DigestOptions Options => options.Value;

    /// <summary>Attempts a pending run unless another worker holds it.</summary>
    /// <returns>The run as recorded afterwards.</returns>
    public async Task<DeliveryRecord> AttemptAsync(PendingRun run, CancellationToken cancellationToken)
    {
        var holder = NewHolder();
        var takenAt = time.GetTimestamp();
        if (!await deliveries.TryLeaseAsync(run.Record.Id, holder, Options.Lease, cancellationToken))
        {
            return await deliveries.GetAsync(run.Record.Id, cancellationToken) ?? run.Record;
        }
        return await AttemptLeasedAsync(run, holder, takenAt, cancellationToken);
    }

    /// <summary>A holder name for one attempt: this worker, and which of its attempts.</summary>
    public string NewHolder() => $"{_workerName}/digest/{Interlocked.Increment(ref _attempts)}";

    /// <summary>Attempts a run the caller already leased as <paramref name="holder"/> (e.g. "post now").</summary>
    /// <param name="takenAt">The monotonic timestamp taken before the lease was asked for.</param>
    public async Task<DeliveryRecord> AttemptLeasedAsync(PendingRun run, string holder, long takenAt, CancellationToken cancellationToken)
    {
        await using var claim = new RunClaim(deliveries, run.Record.Id, holder, takenAt, Options, time, logger, lostClaims);
        try
        {
            return await AttemptClaimedAsync(run, claim, cancellationToken);
        }
        catch (Exception e) when (claim.IsLost && e is RunClaimLostException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Another worker resumed the run (this one stalled past its claim): it owns the run's
            // record now, so nothing is written here; it reposts any part that was on the wire.
            logger.LogWarning("Digest for {Channel} ({ScheduledFor:u}): this worker lost its claim on the run mid-post; the worker that took it over finishes it",
                run.Record.Channel, run.Record.ScheduledFor);
            return await deliveries.GetAsync(run.Record.Id, CancellationToken.None) ?? run.Record;
        }
    }

    private async Task<DeliveryRecord> AttemptClaimedAsync(PendingRun run, RunClaim claim, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var channel = record.Channel;
        var attempts = record.Attempts + 1;
        var state = await subscriptions.GetAsync(channel, cancellationToken);

        if (state is null && !run.Manual)
        {
            return await CompleteAsync(claim, record, DeliveryOutcome.Missed, "The channel unsubscribed before this run was posted.", record.Attempts, cancellationToken);
        }
        if (state is { Subscription.Paused: true })
        {
            return await CompleteAsync(claim, record, DeliveryOutcome.Paused, PausedReason(state), record.Attempts, cancellationToken);
        }
        if (!run.Manual && state is not null && state.Subscription.CoveredUntil > record.ScheduledFor)
        {
            // A later run already delivered this run's changes (e.g. this one was held by a crashed
            // worker's lease): posting now would only add an out-of-order "nothing new since …".
            var covered = record.PartsDone > 0 ? $" ({record.PartsDone} part(s) had been posted before.)" : "";
            var result = await CompleteAsync(claim, record, DeliveryOutcome.Missed,
                $"Covered by a later digest, which delivered the changes up to {Describe(state.Subscription.CoveredUntil)}; nothing more was posted.{covered}",
                record.Attempts, cancellationToken);
            logger.LogInformation("Digest for {Channel} ({ScheduledFor:u}) skipped: a later run covered it", channel, record.ScheduledFor);
            return result;
        }

        if (record.PartInFlight is { } repost && RepostsWithinWindow(record, channel) is { } dedupWindow)
        {
            // The platform recognises the part's key for a while: posting it again returns the first post if it arrived.
            await FencedAsync(claim, deliveries.AppendHistoryAsync(record.Id, claim.Holder,
                $"Attempt {record.Attempts} ended while part {repost + 1} was being posted; it is posted again under the same key, which the platform de-duplicates for {dedupWindow.TotalSeconds:0} s.",
                cancellationToken), "the repost note");
        }
        else if (record.PartInFlight is { } inFlight)
        {
            // The last attempt ended (crash, kill) while posting this part: it may be there. Never again.
            await FencedAsync(claim, deliveries.RecordPartAsync(record.Id, claim.Holder, inFlight, uncertain: true, null,
                $"Attempt {record.Attempts} ended while part {inFlight + 1} was being posted; it may have arrived, so it is not posted again.", cancellationToken),
                $"part {inFlight + 1} as possibly posted");
            record = await deliveries.GetAsync(record.Id, cancellationToken) ?? record;
        }

        // A partly posted run keeps its window, so the remaining parts are the same parts.
        var until = record.PartsDone > 0 && record.WindowUntil is { } window ? window : time.GetUtcNow();
        var since = state?.Subscription.CoveredUntil ?? until - Options.UnsubscribedWindow;
        var progress = new DeliveryProgress(deliveries, record.Id, record.PartsDone, record.PublishState, until, claim);
        try
        {
            var digest = await composer.ComposeAsync(since, until, cancellationToken);
            if (digest.IsEmpty && state is { Subscription.PostWhenEmpty: false } && !run.Manual && record.PartsDone == 0)
            {
                var skipped = await CompleteAsync(claim, record, DeliveryOutcome.SkippedEmpty,
                    $"Nothing new since {Describe(since)}; this subscription skips empty digests.", attempts, cancellationToken, coveredUntil: until);
                await SupersedeOlderAsync(record, cancellationToken);
                return skipped;
            }

            var publisher = _publishers.FirstOrDefault(p => string.Equals(p.Platform, channel.Platform, StringComparison.OrdinalIgnoreCase))
                ?? throw new DeliveryFailedException($"No adapter for platform \"{channel.Platform}\" is running, so nothing can be posted there.", permanent: false);

            using (var timeout = new CancellationTokenSource(Options.PublishTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, claim.Lost))
            {
                try
                {
                    await publisher.PublishAsync(channel, digest, progress, linked.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new DeliveryFailedException($"Posting took longer than {Options.PublishTimeout.TotalSeconds:0} s{PartsSoFar(progress)}.", permanent: false);
                }
            }

            // The outcome and the channel's mark are one fenced transaction: a worker that lost the
            // run since its last part moves neither, and leaves both to the new holder.
            var uncertain = record.UncertainParts + progress.Uncertain.Count;
            var result = uncertain == 0
                ? await CompleteAsync(claim, record, DeliveryOutcome.Delivered, DeliveredReason(digest, since, attempts), attempts, cancellationToken, coveredUntil: until)
                : await CompleteAsync(claim, record, DeliveryOutcome.Uncertain,
                    $"{DeliveredReason(digest, since, attempts)} But {uncertain} part(s) may not have arrived: the platform failed or timed out after receiving them, "
                    + "and as it cannot post idempotently they were not posted again (see the history). If one is missing, post the digest again by hand.",
                    attempts, cancellationToken, coveredUntil: until);
            if (state is not null)
            {
                await SupersedeOlderAsync(record, cancellationToken);
            }
            logger.LogInformation("Digest for {Channel} ({ScheduledFor:u}) {Outcome}: {Reason}", channel, record.ScheduledFor, result.Outcome, result.Reason);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-attempt: the parts that went out are recorded part by part; count the
            // attempt, say what happened, and hand the run back so the next start resumes after them.
            await deliveries.InterruptAsync(record.Id, claim.Holder, attempts,
                $"Attempt {attempts} was interrupted by a shutdown{PartsSoFar(progress)}; the next start resumes it.", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (!claim.IsLost)
        {
            return await FailAsync(run, claim, state, attempts, e, progress, cancellationToken);
        }
    }

    /// <summary>The publisher's de-duplication window when the part in flight began within it, else null.</summary>
    private TimeSpan? RepostsWithinWindow(DeliveryRecord record, ChannelKey channel)
    {
        var publisher = _publishers.FirstOrDefault(p => string.Equals(p.Platform, channel.Platform, StringComparison.OrdinalIgnoreCase));
        return publisher is { IdempotencyWindow: var window } && window > TimeSpan.Zero
            && record.PartInFlightFor is { } age && age < window
            ? window
            : null;
    }

    private static string PartsSoFar(DeliveryProgress progress) =>
        progress.PartsDone == 0 && progress.Uncertain.Count == 0
            ? ""
            : $" after {progress.PartsDone} part(s) went out" + (progress.Uncertain.Count > 0 ? $" ({progress.Uncertain.Count} of them may not have arrived)" : "");

    private async Task<DeliveryRecord> FailAsync(PendingRun run, RunClaim claim, SubscriptionState? state, int attempts, Exception error, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var channel = record.Channel;
        var permanent = error is DeliveryFailedException { Permanent: true };
        var reason = error is DeliveryFailedException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        if (progress.PartsDone > record.PartsDone && !reason.Contains("part(s) went out", StringComparison.Ordinal))
        {
            reason += $" ({progress.PartsDone} part(s) had gone out; a retry posts only the rest.)";
        }

        if (!permanent && !run.Manual && attempts < Options.MaxAttempts)
        {
            var delay = Backoff(attempts);
            if (error is DeliveryFailedException { RetryAfter: { } asked } && asked > delay)
            {
                delay = asked;
            }
            var next = time.GetUtcNow() + delay;
            logger.LogWarning("Digest for {Channel} ({ScheduledFor:u}) failed (attempt {Attempt} of {Max}), retrying at {Next:u}: {Reason}",
                channel, record.ScheduledFor, attempts, Options.MaxAttempts, next, reason);
            await FencedAsync(claim, deliveries.RetryLaterAsync(record.Id, claim.Holder, $"Attempt {attempts} failed: {reason} Retrying at {Describe(next)}.", attempts, next, cancellationToken),
                "the retry");
            return await deliveries.GetAsync(record.Id, cancellationToken) ?? record;
        }

        var outcomeReason = permanent
            ? $"Failed, and retrying cannot help: {reason}"
            : run.Manual ? $"Failed: {reason}" : $"Failed after {attempts} attempt(s): {reason}";
        logger.LogError("Digest for {Channel} ({ScheduledFor:u}) failed: {Reason}", channel, record.ScheduledFor, outcomeReason);
        var result = await CompleteAsync(claim, record, DeliveryOutcome.Failed, outcomeReason, attempts, cancellationToken);

        if (state is null)
        {
            return result;
        }
        var failures = await subscriptions.RecordFailureAsync(channel, cancellationToken);
        if (permanent || failures >= Options.PauseAfterFailures)
        {
            var pause = permanent
                ? $"Paused on {Describe(time.GetUtcNow())}: {reason} Subscribe again to resume."
                : $"Paused on {Describe(time.GetUtcNow())} after {failures} failed runs in a row; last error: {reason} Subscribe again to resume.";
            await subscriptions.PauseAsync(channel, pause, cancellationToken);
            logger.LogError("Digest subscription of {Channel} paused: {Reason}", channel, pause);
        }
        return result;
    }

    /// <summary>Older pending runs of the channel are covered by this one; close them so they do not post again.</summary>
    private Task<int> SupersedeOlderAsync(DeliveryRecord record, CancellationToken cancellationToken) =>
        deliveries.SupersedeAsync(record.Channel, record.ScheduledFor, record.Id,
            $"Covered by the run for {Describe(record.ScheduledFor)}.", time.GetUtcNow(), cancellationToken);

    private TimeSpan Backoff(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(Options.RetryDelay.Ticks * factor, Options.MaxRetryDelay.Ticks));
        return delay;
    }

    /// <param name="coveredUntil">Set when the run delivered: the channel's mark moves with the outcome, in one fenced transaction.</param>
    private async Task<DeliveryRecord> CompleteAsync(RunClaim claim, DeliveryRecord record, DeliveryOutcome outcome, string reason, int attempts, CancellationToken cancellationToken,
        DateTimeOffset? coveredUntil = null)
    {
        var at = time.GetUtcNow();
        var write = coveredUntil is { } mark
            ? deliveries.CompleteDeliveredAsync(record.Id, claim.Holder, outcome, reason, attempts, at, record.Channel, mark, cancellationToken)
            : deliveries.CompleteAsync(record.Id, claim.Holder, outcome, reason, attempts, at, cancellationToken);
        await FencedAsync(claim, write, $"the outcome {outcome}");
        return record with { Outcome = outcome, Reason = reason, Attempts = attempts, CompletedAt = at };
    }

    /// <summary>A write the store refused because the claim is lost stops the attempt (see <see cref="RunClaim.RefusedAsync"/>).</summary>
    private static async Task FencedAsync(RunClaim claim, Task<bool> write, string what)
    {
        if (!await write)
        {
            throw await claim.RefusedAsync(what);
        }
    }

    internal static string PausedReason(SubscriptionState state) =>
        state.PauseReason ?? "The subscription is paused. Subscribe again to resume.";

    private static string DeliveredReason(Digest digest, DateTimeOffset since, int attempts)
    {
        var tries = attempts > 1 ? $" (attempt {attempts})" : "";
        if (digest.IsEmpty)
        {
            return $"Posted a short note{tries}: nothing new since {Describe(since)}.";
        }
        var documents = digest.Sections.Sum(s => s.Items.Count);
        return $"Posted {documents} new or changed document(s) in {digest.Sections.Count} topic(s){tries}.";
    }

    internal static string Describe(DateTimeOffset instant) =>
        instant == DateTimeOffset.MinValue
            ? "the beginning"
            : instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
