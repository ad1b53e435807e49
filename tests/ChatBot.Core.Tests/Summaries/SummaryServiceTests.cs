using System.Text.RegularExpressions;
using ChatBot.Core.Answers;
using ChatBot.Core.Summaries;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Core.Tests.Support;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Tests.Summaries;

public sealed class SummaryServiceTests(RealEngine engine) : IClassFixture<RealEngine>
{
    private static readonly string ShippedList = Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");

    private static readonly Partners ShippedPartners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));

    public static TheoryData<string> ShippedTopics() => new(TopicFile.Load(ShippedList).Select(t => t.Id));

    /// <summary>The real engine (Lucene retrieval, the engine's passages) over the project's corpus.</summary>
    private SummaryService OverRepoCorpus() =>
        new(new TopicCatalog(TopicFile.Load(ShippedList), engine.Knowledge), engine.Searcher, engine.Knowledge, ShippedPartners);

    [Theory]
    [MemberData(nameof(ShippedTopics))]
    public async Task Every_topic_summary_quotes_its_sources_verbatim_and_never_repeats_a_sentence(string topicId)
    {
        var service = OverRepoCorpus();

        var summary = await service.SummarizeAsync(topicId, default);

        Assert.True(summary.Found);
        var answer = summary.Summary!;
        Assert.True(answer.Answered);
        Assert.InRange(answer.Citations.Count, 3, 6);
        Assert.All(answer.Citations, c => Assert.Contains(c.Quote, engine.Knowledge.CleanTextOf(c.Document)));
        Assert.Equal(answer.Citations.Count, answer.Citations.Select(c => ProseSentences.Normalize(c.Quote)).Distinct().Count());
        // Text is exactly the quotes, each followed by its marker, numbered 1..n in order.
        Assert.Equal(string.Join(" ", answer.Citations.Select(c => $"{c.Quote} [{c.N}]")), answer.Text);
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), Regex.Matches(answer.Text, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)));
        Assert.All(answer.Citations, c => Assert.True(ProseSentences.IsProse(c.Quote, null, c.Title), c.Quote));
    }

    [Theory]
    [MemberData(nameof(ShippedTopics))]
    public async Task Every_topic_summary_is_about_its_topic_and_newest_first(string topicId)
    {
        var service = OverRepoCorpus();

        var summary = await service.SummarizeAsync(topicId, default);

        var answer = summary.Summary!;
        var catalog = new TopicCatalog(TopicFile.Load(ShippedList), new FakeKnowledgeBase());
        var topic = catalog.Find(topicId).Match!;
        Assert.Contains(answer.Citations, c => catalog.Mentions(topic, c.Quote) > 0);
        var times = answer.Citations.Select(c => DevelopmentTime.Of(c.Quote, c.Date) ?? DateOnly.MinValue).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task Sentences_come_from_different_passages_where_the_corpus_allows()
    {
        var service = OverRepoCorpus();

        var summary = await service.SummarizeAsync("semiconductors", default);

        var quotes = summary.Summary!.Citations.Select(c => c.Quote).ToList();
        Assert.True(quotes.Count >= 3);
        Assert.True(summary.Summary.Citations.Select(c => c.Document).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task A_newer_document_is_quoted_before_an_older_one()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("old", "Old", new DateOnly(2023, 6, 30), "The EU and Korea decided to establish a forum for semiconductor researchers.");
        knowledge.Put("new", "New", new DateOnly(2025, 8, 12), "Four joint semiconductor research projects were launched in July 2024.");
        knowledge.Put("mid", "Mid", new DateOnly(2024, 3, 1), "The semiconductor supply chain was discussed at the second council meeting.");
        var service = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedList), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

        var summary = await service.SummarizeAsync("chips", default);

        Assert.Equal(["new", "mid", "old"], summary.Summary!.Citations.Select(c => c.Document));
        Assert.Equal("Semiconductors", summary.Topic!.Name);
    }

    [Fact]
    public async Task Within_one_document_the_latest_development_comes_first()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("analysis", "Analysis", new DateOnly(2025, 8, 12),
            "In June 2023, both sides agreed to exchange information on the semiconductor supply chain.\n\n"
            + "In July 2024, four joint semiconductor research projects were launched by both sides.\n\n"
            + "Semiconductor researchers will meet yearly, and a new semiconductor plan is expected in 2030.");
        var service = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedList), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

        var summary = await service.SummarizeAsync("semiconductors", default);

        // The 2030 plan counts as news of the document's date (2025-08-12), not as 2030.
        var quotes = summary.Summary!.Citations.Select(c => c.Quote).ToList();
        Assert.Equal(3, quotes.Count);
        Assert.StartsWith("Semiconductor researchers will meet yearly", quotes[0]);
        Assert.StartsWith("In July 2024", quotes[1]);
        Assert.StartsWith("In June 2023", quotes[2]);
    }

    [Theory]
    [InlineData("In July 2024, projects started.", "2025-08-12", "2024-07-01")]
    [InlineData("Agreed in June 2023 and extended in March 2025.", "2025-08-12", "2025-03-01")]
    [InlineData("The 2025 analysis says so.", "2025-08-12", "2025-01-01")]
    [InlineData("Participation starts from 2027.", "2025-08-12", "2025-08-12")]
    [InlineData("No time is given here.", "2024-05-05", "2024-05-05")]
    [InlineData("Covid-2019 is not a year; neither is 12345.", "2024-05-05", "2024-05-05")]
    public void The_development_time_is_the_latest_month_or_year_a_sentence_mentions(string sentence, string documentDate, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DevelopmentTime.Of(sentence, DateOnly.Parse(documentDate, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_same_sentence_in_two_documents_is_quoted_once()
    {
        var knowledge = new FakeKnowledgeBase();
        const string Shared = "Both partners agreed to enhance cooperation on cybersecurity through information exchange.";
        knowledge.Put("a", "A", new DateOnly(2025, 1, 1), Shared);
        knowledge.Put("b", "B", new DateOnly(2024, 1, 1), Shared + "\n\nCybersecurity is also part of the broader security agenda of both sides.");
        var service = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedList), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

        var summary = await service.SummarizeAsync("cybersecurity", default);

        var quotes = summary.Summary!.Citations.Select(c => c.Quote).ToList();
        Assert.Single(quotes, q => q == Shared);
        Assert.Equal(2, quotes.Count);
    }

    [Fact]
    public async Task A_sentence_that_restates_one_already_picked_in_other_words_is_left_out()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("page", "Page", new DateOnly(2025, 1, 1),
            "At the second council in March 2024, both sides closed negotiations on the association to Horizon Europe.");
        knowledge.Put("timeline", "Timeline", new DateOnly(2025, 1, 1),
            "March 2024: The second council took place and closed the negotiations on the association to Horizon Europe.\n\n"
            + "Korean researchers can join Horizon Europe projects on equal terms from 2025 onwards.");
        var service = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedList), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

        var summary = await service.SummarizeAsync("research", default);

        var quotes = summary.Summary!.Citations.Select(c => c.Quote).ToList();
        Assert.Equal(2, quotes.Count);
        Assert.Single(quotes, q => q.Contains("closed", StringComparison.Ordinal));
        Assert.Single(quotes, q => q.StartsWith("Korean researchers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_known_topic_the_corpus_says_nothing_about_is_answered_as_not_found()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("a", "A", new DateOnly(2025, 1, 1), "The weather in Seoul was mild during the whole visit of the delegation.");
        var service = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedList), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

        var summary = await service.SummarizeAsync("quantum", default);

        Assert.Equal("quantum", summary.Topic?.Id);
        Assert.False(summary.Summary!.Answered);
        Assert.Empty(summary.Summary.Citations);
        Assert.Contains("Quantum technologies", summary.Summary.Text);
    }

    [Theory]
    [InlineData("quantom", "quantum")]
    [InlineData("football", null)]
    public async Task An_unknown_topic_lists_the_known_topics_and_the_closest_one(string typed, string? closest)
    {
        var service = OverRepoCorpus();

        var summary = await service.SummarizeAsync(typed, default);

        Assert.False(summary.Found);
        Assert.Null(summary.Summary);
        Assert.Equal(typed, summary.RequestedTopic);
        Assert.Equal(closest, summary.Closest?.Id);
        Assert.Contains(summary.KnownTopics, t => t.Id == "semiconductors");
        Assert.Equal(10, summary.KnownTopics.Count);
    }
}
