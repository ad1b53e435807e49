using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Corpus;
using ChatBot.Core.Digests;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Teams.Tests.Fakes;

// Stand-ins for the Core services built on other branches, registered over the real worker.

public sealed class StubAnswerEngine : IAnswerEngine
{
    public static readonly Citation Council = new(1, "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "ROK–EU Digital Partnership: present and future", new DateOnly(2025, 8, 12), "https://example.org/present-and-future",
        "The next Digital Partnership Council is expected to take place in Seoul in 2026, where both sides will review progress on semiconductors, AI and data.");

    public static readonly Citation First = new(2, "2023-06-30-first-digital-partnership-council",
        "First Digital Partnership Council", new DateOnly(2023, 6, 30), "https://example.org/first-council",
        "The first Digital Partnership Council met in Seoul on 30 June 2023.");

    public ConcurrentQueue<AskRequest> Requests { get; } = new();

    /// <summary>When set, answers wait until it completes (a slow engine).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (!request.Question.Contains("council", StringComparison.OrdinalIgnoreCase))
        {
            return Answer.NotFound(request.Question, "I could not find this in the partnership documents.", ["semiconductors", "data"]);
        }
        return new Answer(request.Question, true,
            "The next council is expected in Seoul in 2026 [1]; the first met on 30 June 2023 [2].",
            [Council, First], 0.8);
    }
}

public sealed class InMemoryConversationStore : IConversationStore
{
    public ConcurrentDictionary<ChannelKey, string> References { get; } = new();

    public Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken)
    {
        References[channel] = referenceJson;
        return Task.CompletedTask;
    }

    public Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(References.TryGetValue(channel, out var json) ? json : null);
}

public sealed class StubTopics : ITopicCatalog, ISummaryService
{
    public static readonly Topic Semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
    public static readonly Topic Data = new("data", "Data flows", ["data"], "data flows");

    public IReadOnlyList<Topic> Topics => [Semiconductors, Data];

    public TopicLookup Find(string text) =>
        new(Topics.FirstOrDefault(t => t.Id.Equals(text, StringComparison.OrdinalIgnoreCase) || t.Name.Equals(text, StringComparison.OrdinalIgnoreCase)),
            text.StartsWith("semi", StringComparison.OrdinalIgnoreCase) ? Semiconductors : null);

    public IReadOnlyList<Topic> Complete(string partial, int max) => [.. Topics.Where(t => t.Id.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).Take(max)];

    public Task<IReadOnlyList<TopicCoverage>> CoverageAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TopicCoverage>>([new(Semiconductors, 2), new(Data, 1)]);

    public Task<TopicSummary> SummarizeAsync(string topic, CancellationToken cancellationToken)
    {
        var lookup = Find(topic);
        if (lookup.Match is null)
        {
            return Task.FromResult(new TopicSummary(topic, null, null, lookup.Closest, Topics));
        }
        var answer = new Answer(topic, true, "Both sides cooperate on chips [1].", [StubAnswerEngine.Council], 0.7);
        return Task.FromResult(new TopicSummary(topic, lookup.Match, answer, null, Topics));
    }
}

/// <summary>Subscriptions in memory; "post now" composes a fixed digest and posts it through the registered publishers, as the real service does.</summary>
public sealed class StubDigestService(IEnumerable<IDigestPublisher> publishers) : IDigestService
{
    public ConcurrentDictionary<ChannelKey, Subscription> Subscriptions { get; } = new();

    public Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, CancellationToken cancellationToken)
    {
        if (cron is not null && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            throw new ArgumentException($"“{cron}” is not a five-field cron expression.", nameof(cron));
        }
        var subscription = new Subscription(channel, cron ?? "0 9 * * 1", timeZone ?? "Europe/Brussels", false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false);
        Subscriptions[channel] = subscription;
        return Task.FromResult(subscription);
    }

    public Task<bool> UnsubscribeAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(Subscriptions.TryRemove(channel, out _));

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Subscription>>([.. Subscriptions.Values]);

    public Task<Digest> ComposeAsync(DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult(Compose(since));

    public static Digest Compose(DateTimeOffset since)
    {
        var document = new DocumentInfo(StubAnswerEngine.Council.Document, StubAnswerEngine.Council.Title, StubAnswerEngine.Council.Date,
            StubAnswerEngine.Council.Url, null, null, "en", ["semiconductors"], "hash");
        var body = new Answer("digest", true, "New: the partnership's present and future [1].", [StubAnswerEngine.Council], 1);
        return new Digest(since, since.AddDays(7), [new DigestSection("Semiconductors", [new DigestItem(document, DocumentChangeKind.Added, 1)])], body);
    }

    public async Task<DeliveryRecord> PostNowAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        var publisher = publishers.Single(p => p.Platform == channel.Platform);
        try
        {
            await publisher.PublishAsync(channel, Compose(DateTimeOffset.UtcNow.AddDays(-7)), cancellationToken);
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Delivered, "", 1);
        }
        catch (DeliveryFailedException ex)
        {
            return new DeliveryRecord(1, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.Failed, ex.Message, 1);
        }
    }

    public Task<ChannelDigestStatus> StatusAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ChannelDigestStatus(channel, Subscriptions.TryGetValue(channel, out var s) ? s : null, null, []));
}
