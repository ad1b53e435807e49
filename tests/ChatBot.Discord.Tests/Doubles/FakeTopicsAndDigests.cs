using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Discord.Tests.Doubles;

public sealed class FakeTopicCatalog : ITopicCatalog
{
    public IReadOnlyList<Topic> Topics { get; } =
    [
        new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips"),
        new("council", "Digital Partnership Council", ["dpc"], "digital partnership council"),
        new("5g-6g", "5G and 6G", [], "5G 6G"),
    ];

    public TopicLookup Find(string text) =>
        new(Topics.FirstOrDefault(t => t.Id == text || t.Name.Equals(text, StringComparison.OrdinalIgnoreCase)), null);

    public IReadOnlyList<Topic> Complete(string partial, int max) =>
        Topics.Where(t => t.Name.StartsWith(partial, StringComparison.OrdinalIgnoreCase) || t.Id.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).Take(max).ToList();

    public Task<IReadOnlyList<TopicCoverage>> CoverageAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TopicCoverage>>(Topics.Select(t => new TopicCoverage(t, 1)).ToList());
}

public sealed class FakeSummaryService(FakeTopicCatalog catalog) : ISummaryService
{
    public Task<TopicSummary> SummarizeAsync(string topic, CancellationToken cancellationToken)
    {
        var match = catalog.Find(topic).Match;
        return Task.FromResult(match is null
            ? new TopicSummary(topic, null, null, catalog.Topics[0], catalog.Topics)
            : new TopicSummary(topic, match, new Answer(topic, true, $"{match.Name}: the council meets yearly [1].", [FixedAnswers.Council], 0.7) { DocumentsSearched = 2 }, null, catalog.Topics));
    }
}

/// <summary>Digest operations backed by memory; "post now" goes through the real publishers, like the real service.</summary>
public sealed class FakeDigestService(IEnumerable<IDigestPublisher> publishers) : IDigestService
{
    public ConcurrentDictionary<ChannelKey, Subscription> Subscriptions { get; } = new();

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
        Task.FromResult<IReadOnlyList<Subscription>>(Subscriptions.Values.ToList());

    public Task<Digest> ComposeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var body = new Answer("digest", true, "New: the first Digital Partnership Council met in Seoul [1].", [FixedAnswers.Council], 1) { DocumentsSearched = 2 };
        return Task.FromResult(new Digest(since, since.AddDays(7), [new DigestSection("Council", [])], body));
    }

    public async Task<DeliveryRecord> PostNowAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        var digest = await ComposeAsync(new DateTimeOffset(2023, 6, 26, 0, 0, 0, TimeSpan.Zero), cancellationToken);
        var publisher = publishers.Single(p => p.Platform == channel.Platform);
        try
        {
            await publisher.PublishAsync(channel, digest, cancellationToken);
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Delivered, "posted", 1);
        }
        catch (DeliveryFailedException e)
        {
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Failed, e.Message, 1);
        }
    }

    public Task<ChannelDigestStatus> StatusAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ChannelDigestStatus(
            channel,
            Subscriptions.GetValueOrDefault(channel),
            null,
            [new DeliveryRecord(7, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.SkippedEmpty, "nothing new in the corpus since the last digest", 1)]));
}
