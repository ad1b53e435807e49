using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;
using ChatBot.Core.Digests;
using ChatBot.Core.Topics;
using ChatBot.Testing.Fakes;

namespace ChatBot.Teams.Tests.Fakes;

/// <summary>The shared doubles filled with the topics, summary and digest the Teams tests check for.</summary>
public static class TeamsFakes
{
    public static readonly Topic Semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
    public static readonly Topic Data = new("data", "Data flows", ["data"], "data flows");

    public static FakeTopicCatalog Topics() => new(new TopicCoverage(Semiconductors, 2), new TopicCoverage(Data, 1))
    {
        Suggest = text => text.StartsWith("semi", StringComparison.OrdinalIgnoreCase) ? Semiconductors : null,
    };

    public static FakeSummaryService Summaries(ITopicCatalog catalog) => new(catalog, (topic, _) =>
        new Answer(topic, true, "Both sides cooperate on chips [1].", [FakeFixedAnswerEngine.Council], 0.7));

    public static Digest Digest(DateTimeOffset since)
    {
        var document = new DocumentInfo(FakeFixedAnswerEngine.Council.Document, FakeFixedAnswerEngine.Council.Title, FakeFixedAnswerEngine.Council.Date,
            FakeFixedAnswerEngine.Council.Url, null, null, "en", ["semiconductors"], "hash");
        var body = new Answer("digest", true, "New: the partnership's present and future [1].", [FakeFixedAnswerEngine.Council], 1);
        return new Digest(since, since.AddDays(7), [new DigestSection("Semiconductors", [new DigestItem(document, DocumentChangeKind.Added, 1)])], body);
    }
}
