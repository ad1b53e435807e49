using ChatBot.Core.Answers;
using ChatBot.Core.Digests;
using ChatBot.Core.Topics;
using ChatBot.Testing.Fakes;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>The shared doubles filled with the topics, summary and digest the Discord tests check for.</summary>
public static class DiscordFakes
{
    public static FakeTopicCatalog Topics()
    {
        Topic semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
        return new FakeTopicCatalog(
            new(semiconductors, 1),
            new(new("council", "Digital Partnership Council", ["dpc"], "digital partnership council"), 1),
            new(new("5g-6g", "5G and 6G", [], "5G 6G"), 1))
        {
            // Every unknown topic is "near" the first one, so the suggestion is predictable.
            Suggest = _ => semiconductors,
        };
    }

    public static FakeSummaryService Summaries(ITopicCatalog catalog) => new(catalog, (topic, match) =>
        new Answer(topic, true, $"{match.Name}: the council meets yearly [1].", [FixedAnswers.Council], 0.7) { DocumentsSearched = 2 });

    public static FakeDigestService Digests(IEnumerable<IDigestPublisher> publishers) => new(publishers, Digest)
    {
        PostNowSince = () => new DateTimeOffset(2023, 6, 26, 0, 0, 0, TimeSpan.Zero),
        RecentRuns = channel => [new DeliveryRecord(7, channel, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DeliveryOutcome.SkippedEmpty, "nothing new in the corpus since the last digest", 1)],
    };

    public static Digest Digest(DateTimeOffset since)
    {
        var body = new Answer("digest", true, "New: the first Digital Partnership Council met in Seoul [1].", [FixedAnswers.Council], 1) { DocumentsSearched = 2 };
        return new Digest(since, since.AddDays(7), [new DigestSection("Council", [])], body);
    }
}
