using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Testing.Fakes;

/// <summary>
/// Subscriptions in memory and a fixed digest; "post now" still goes through the registered
/// publishers, as the real service does, so the adapter's publisher is what gets tested.
/// </summary>
/// <param name="compose">The digest for a given start, the same whatever the corpus holds.</param>
public sealed class FakeDigestService(IEnumerable<IDigestPublisher> publishers, Func<DateTimeOffset, Digest> compose) : IDigestService
{
    public ConcurrentDictionary<ChannelKey, Subscription> Subscriptions { get; } = new();

    /// <summary>Where "post now" starts its digest; a week back unless a test needs a fixed date.</summary>
    public Func<DateTimeOffset> PostNowSince { get; init; } = () => DateTimeOffset.UtcNow.AddDays(-7);

    /// <summary>The past runs "status" reports for a channel; none unless a test wants some to render.</summary>
    public Func<ChannelKey, IReadOnlyList<DeliveryRecord>> RecentRuns { get; init; } = _ => [];

    public Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, CancellationToken cancellationToken)
    {
        if (cron is not null && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            throw new ArgumentException($"'{cron}' is not a five-field cron expression.", nameof(cron));
        }
        var subscription = new Subscription(channel, cron ?? "0 9 * * 1", timeZone ?? "Europe/Brussels", false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false);
        Subscriptions[channel] = subscription;
        return Task.FromResult(subscription);
    }

    public Task<bool> UnsubscribeAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(Subscriptions.TryRemove(channel, out _));

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Subscription>>([.. Subscriptions.Values]);

    public Task<Digest> ComposeAsync(DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult(compose(since));

    public async Task<DeliveryRecord> PostNowAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        var publisher = publishers.Single(p => p.Platform == channel.Platform);
        try
        {
            await publisher.PublishAsync(channel, compose(PostNowSince()), cancellationToken);
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Delivered, "posted", 1);
        }
        catch (DeliveryFailedException e)
        {
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Failed, e.Message, 1);
        }
    }

    public Task<ChannelDigestStatus> StatusAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ChannelDigestStatus(channel, Subscriptions.GetValueOrDefault(channel), null, RecentRuns(channel)));
}
