using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Digests;

/// <summary>
/// The digest operations adapters expose as commands; scheduling itself is <see cref="DigestScheduler"/>'s.
/// A command may come before the scheduler's first pass (a worker just started), so each reads the
/// database clock first where the store is shared: a subscription starts, and a manual run is
/// stamped, on the same clock the schedules run on.
/// </summary>
public sealed class DigestService(
    ISubscriptionStore subscriptions,
    IDeliveryLog deliveries,
    IDigestComposer composer,
    DigestRunner runner,
    CorpusChangeTracker tracker,
    IKnowledgeBase knowledge,
    IOptions<DigestOptions> options,
    TimeProvider time) : IDigestService
{
    private const int RecentRuns = 10;

    public Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, CancellationToken cancellationToken) =>
        SubscribeAsync(channel, cron, timeZone, backfill, postWhenEmpty: null, cancellationToken);

    public async Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, bool? postWhenEmpty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrWhiteSpace(channel.Platform) || string.IsNullOrWhiteSpace(channel.ChannelId))
        {
            throw new ArgumentException("The channel needs a platform and a channel id.", nameof(channel));
        }
        await DatabaseClock.SyncIfSharedAsync(time, cancellationToken);
        var effectiveCron = string.IsNullOrWhiteSpace(cron) ? options.Value.DefaultCron : NormalizeCron(cron);
        var effectiveZone = string.IsNullOrWhiteSpace(timeZone) ? options.Value.DefaultTimeZone : timeZone.Trim();
        CronSchedule.Parse(effectiveCron, effectiveZone);

        // Whatever is in the corpus right now must count as "before the subscription", so note it first.
        if (knowledge.IsReady)
        {
            await tracker.SyncAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var existing = await subscriptions.GetAsync(channel, cancellationToken);
        var covered = backfill ? DateTimeOffset.MinValue : existing?.Subscription.CoveredUntil ?? now;
        var subscription = new Subscription(
            channel,
            effectiveCron,
            effectiveZone,
            postWhenEmpty ?? existing?.Subscription.PostWhenEmpty ?? options.Value.DefaultPostWhenEmpty,
            existing?.Subscription.CreatedAt ?? now,
            covered,
            Paused: false);
        // Occurrences before now belong to the old schedule (or none): start counting from here.
        await subscriptions.SaveAsync(subscription, now, cancellationToken);
        return subscription;
    }

    public Task<bool> UnsubscribeAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        subscriptions.DeleteAsync(channel, cancellationToken);

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) =>
        (await subscriptions.ListAsync(cancellationToken)).Select(s => s.Subscription).ToList();

    public async Task<Digest> ComposeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await DatabaseClock.SyncIfSharedAsync(time, cancellationToken);
        return await composer.ComposeAsync(since, time.GetUtcNow(), cancellationToken);
    }

    public async Task<DeliveryRecord> PostNowAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await DatabaseClock.SyncIfSharedAsync(time, cancellationToken);
        var holder = runner.NewHolder();
        var takenAt = time.GetTimestamp();
        var now = time.GetUtcNow();
        var run = await deliveries.StartManualAsync(channel, holder, now, options.Value.Lease, cancellationToken);
        return await runner.AttemptLeasedAsync(new PendingRun(run, Manual: true), holder, takenAt, cancellationToken);
    }

    public async Task<ChannelDigestStatus> StatusAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await DatabaseClock.SyncIfSharedAsync(time, cancellationToken);
        var state = await subscriptions.GetAsync(channel, cancellationToken);
        var next = state is null ? null : NextRun(state.Subscription);
        var runs = await deliveries.RecentAsync(channel, RecentRuns, cancellationToken);
        return new ChannelDigestStatus(channel, state?.Subscription, next, runs);
    }

    /// <summary>The next time a subscription's digest is due, or null when paused or unschedulable.</summary>
    public DateTimeOffset? NextRun(Subscription subscription)
    {
        if (subscription.Paused)
        {
            return null;
        }
        try
        {
            return CronSchedule.Parse(subscription.Cron, subscription.TimeZone).NextAfter(time.GetUtcNow());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string NormalizeCron(string cron) =>
        string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
