using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Digests;

/// <summary>
/// Posts each subscription's digest once per cron occurrence. Every pass (1) notes corpus
/// changes, (2) records the occurrences that came due since the last pass — as pending runs,
/// or as missed when they are older than the grace period — and (3) attempts every pending run
/// that is due, each channel independently. Because runs are recorded before posting and only
/// closed after, a restart resumes what was in flight instead of skipping or repeating it.
/// </summary>
public sealed class DigestScheduler(
    ISubscriptionStore subscriptions,
    IDeliveryLog deliveries,
    DigestRunner runner,
    CorpusChangeTracker tracker,
    IKnowledgeBase knowledge,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<ChannelKey, Task> _inFlight = new();

    private DigestOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await knowledge.WhenReady.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Runs are still recorded; their attempts fail with the reason, which the delivery log shows.
            logger.LogError(e, "The knowledge base did not load; digests will fail until it does.");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            try
            {
                await DatabaseClock.SyncIfSharedAsync(time, stoppingToken);
                next = await PassAsync(time.GetUtcNow(), waitForAttempts: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Digest scheduling pass failed; retrying after the poll interval.");
            }

            var now = time.GetUtcNow();
            var delay = next is { } at && at - now < Options.PollInterval ? at - now : Options.PollInterval;
            try
            {
                // A floor, so work that is due but held elsewhere (a post in flight) cannot spin the loop.
                await Task.Delay(delay < MinimumSleep ? MinimumSleep : delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Posts in flight see the same token; let them hand their runs back before the store closes.
        try
        {
            await Task.WhenAll(_inFlight.Values);
        }
        catch (Exception e) when (e is OperationCanceledException)
        {
            // Expected on shutdown.
        }
    }

    /// <summary>One deterministic scheduling pass at <paramref name="now"/>, finished when its posts are.</summary>
    /// <returns>When the next pass has work (a cron occurrence or a retry), if known.</returns>
    internal Task<DateTimeOffset?> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        PassAsync(now, waitForAttempts: true, cancellationToken);

    /// <param name="waitForAttempts">False in the hosted loop: posts run on while the loop sleeps and plans.</param>
    internal async Task<DateTimeOffset?> PassAsync(DateTimeOffset now, bool waitForAttempts, CancellationToken cancellationToken)
    {
        if (knowledge.IsReady)
        {
            await tracker.SyncAsync(cancellationToken);
        }

        DateTimeOffset? next = null;
        foreach (var state in await subscriptions.ListAsync(cancellationToken))
        {
            try
            {
                var upcoming = await RecordDueOccurrencesAsync(state, now, cancellationToken);
                next = Earliest(next, upcoming);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not schedule the digest of {Channel}.", state.Subscription.Channel);
            }
        }

        // One run per channel per pass: its latest, whose digest covers everything still undelivered
        // (older ones are then closed as included). Channels run side by side, and a channel whose
        // post is still in flight is left alone, so a slow or failing one never delays the others.
        var due = (await deliveries.DueAsync(now, cancellationToken))
            .GroupBy(r => r.Record.Channel)
            .Select(g => g.Last())
            .ToList();
        var started = new List<Task>();
        foreach (var run in due)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight.TryAdd(run.Record.Channel, done.Task))
            {
                started.Add(AttemptTrackedAsync(run, done, cancellationToken));
            }
        }
        if (waitForAttempts)
        {
            await Task.WhenAll(started);
        }

        return Earliest(next, await deliveries.NextAttemptAsync(now, cancellationToken));
    }

    private async Task AttemptTrackedAsync(PendingRun run, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await AttemptIsolatedAsync(run, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(run.Record.Channel, out _);
            done.TrySetResult();
        }
    }

    private async Task<DateTimeOffset?> RecordDueOccurrencesAsync(SubscriptionState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscription = state.Subscription;
        var channel = subscription.Channel;
        CronSchedule schedule;
        try
        {
            schedule = CronSchedule.Parse(subscription.Cron, subscription.TimeZone);
        }
        catch (ArgumentException e)
        {
            // Stored by a host whose time-zone data had the zone, or edited by hand. Pause once,
            // and say so in the delivery log, where "why did my channel get nothing?" is answered.
            if (!subscription.Paused)
            {
                var reason = $"Paused: the stored schedule cannot be used here ({e.Message}). Subscribe again with a valid one.";
                await subscriptions.PauseAsync(channel, reason, cancellationToken);
                await deliveries.RecordNotAttemptedAsync(channel, now, DeliveryOutcome.Paused, reason, now, cancellationToken);
                logger.LogError("Digest subscription of {Channel} paused: {Reason}", channel, reason);
            }
            return null;
        }

        var occurrences = schedule.Between(state.ScheduledThrough, now).ToList();
        if (occurrences.Count > 0)
        {
            if (subscription.Paused)
            {
                var latest = occurrences[^1];
                await deliveries.RecordNotAttemptedAsync(channel, latest, DeliveryOutcome.Paused,
                    $"{DigestRunner.PausedReason(state)} ({occurrences.Count} scheduled run(s) not posted.)", now, cancellationToken);
            }
            else
            {
                var missed = occurrences.Where(o => now - o > Options.Grace).ToList();
                if (missed.Count > 0)
                {
                    // One row for the whole gap keeps the log readable after long downtime; the
                    // changes are not lost, since CoveredUntil only moves on delivery.
                    var reason = missed.Count == 1
                        ? $"Missed: the worker was not running at {DigestRunner.Describe(missed[0])} and came back more than {Options.Grace} later. Its changes go into the next digest."
                        : $"Missed {missed.Count} runs from {DigestRunner.Describe(missed[0])} to {DigestRunner.Describe(missed[^1])}: the worker was not running and came back more than {Options.Grace} later. Their changes go into the next digest.";
                    await deliveries.RecordNotAttemptedAsync(channel, missed[^1], DeliveryOutcome.Missed, reason, now, cancellationToken);
                    logger.LogWarning("Digest of {Channel}: {Reason}", channel, reason);
                }
                foreach (var occurrence in occurrences.Where(o => now - o <= Options.Grace))
                {
                    await deliveries.TryClaimAsync(channel, occurrence, now, cancellationToken);
                }
            }
        }
        await subscriptions.AdvanceScheduleAsync(channel, now, cancellationToken);
        return schedule.NextAfter(now);
    }

    private async Task AttemptIsolatedAsync(PendingRun run, CancellationToken cancellationToken)
    {
        try
        {
            await runner.AttemptAsync(run, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The store itself failed; the run stays pending and is retried on a later pass.
            logger.LogError(e, "Digest run {RunId} for {Channel} could not be processed.", run.Record.Id, run.Record.Channel);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
