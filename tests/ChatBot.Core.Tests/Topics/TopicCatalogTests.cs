using ChatBot.Core.Tests.Fakes;
using ChatBot.Core.Tests.Support;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Tests.Topics;

public sealed class TopicCatalogTests(RealEngine engine) : IClassFixture<RealEngine>
{
    private static readonly string ShippedList = Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");

    private static TopicCatalog Shipped(ChatBot.Core.Knowledge.IKnowledgeBase? knowledge = null) =>
        new(TopicFile.Load(ShippedList), knowledge ?? new FakeKnowledgeBase());

    [Fact]
    public void The_shipped_list_has_the_partnership_topics_each_with_a_query()
    {
        var topics = TopicFile.Load(ShippedList);

        Assert.Equal(
            ["semiconductors", "ai", "quantum", "hpc", "connectivity", "cybersecurity", "platforms", "digital-trade", "research", "governance"],
            topics.Select(t => t.Id));
        Assert.All(topics, t => Assert.False(string.IsNullOrWhiteSpace(t.Query)));
        Assert.All(topics, t => Assert.NotEmpty(t.Aliases));
    }

    [Theory]
    [InlineData("semiconductors", "semiconductors")]
    [InlineData("SEMICONDUCTORS", "semiconductors")]
    [InlineData("  chips ", "semiconductors")]
    [InlineData("Artificial Intelligence", "ai")]
    [InlineData("AI", "ai")]
    [InlineData("5g", "connectivity")]
    [InlineData("5G/6G and connectivity", "connectivity")]
    [InlineData("Horizon Europe", "research")]
    [InlineData("digital-trade", "digital-trade")]
    [InlineData("digital trade", "digital-trade")]
    [InlineData("#hpc", "hpc")]
    public void Topics_are_found_by_id_name_or_alias_in_any_case(string typed, string expected)
    {
        var lookup = Shipped().Find(typed);

        Assert.Equal(expected, lookup.Match?.Id);
        Assert.Null(lookup.Closest);
    }

    [Theory]
    [InlineData("semiconductrs", "semiconductors")]
    [InlineData("quantom", "quantum")]
    [InlineData("cybersecurty", "cybersecurity")]
    [InlineData("semi", "semiconductors")]
    [InlineData("goverance", "governance")]
    public void An_unknown_name_that_is_close_suggests_the_closest_topic(string typed, string expected)
    {
        var lookup = Shipped().Find(typed);

        Assert.Null(lookup.Match);
        Assert.Equal(expected, lookup.Closest?.Id);
    }

    [Theory]
    [InlineData("football")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_name_that_is_nothing_like_a_topic_has_no_match_and_no_suggestion(string typed)
    {
        var lookup = Shipped().Find(typed);

        Assert.Null(lookup.Match);
        Assert.Null(lookup.Closest);
    }

    [Fact]
    public void Completion_puts_prefix_matches_first_then_word_prefixes_then_near_spellings()
    {
        var catalog = Shipped();

        Assert.Equal("semiconductors", catalog.Complete("se", 5)[0].Id);
        Assert.Equal("quantum", Assert.Single(catalog.Complete("quan", 5)).Id);
        Assert.Equal("digital-trade", catalog.Complete("trade", 5)[0].Id);
        Assert.Contains(catalog.Complete("europe", 5), t => t.Id == "research");
        Assert.Equal("semiconductors", Assert.Single(catalog.Complete("semc", 5)).Id);
        Assert.Empty(catalog.Complete("zzzz", 5));
    }

    [Fact]
    public void Completion_of_nothing_offers_the_list_up_to_the_limit()
    {
        var catalog = Shipped();

        Assert.Equal(catalog.Topics.Take(3), catalog.Complete("", 3));
        Assert.Equal(10, catalog.Complete(" ", 25).Count);
        Assert.Empty(catalog.Complete("se", 0));
    }

    [Fact]
    public void Topic_ids_named_only_in_front_matter_join_the_list()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("notes/standards", "Standards", new DateOnly(2025, 1, 1), "Both sides work on standards together in many bodies.", "standards-bodies", "AI");

        var catalog = Shipped(knowledge);

        Assert.Equal(11, catalog.Topics.Count);
        var added = catalog.Find("standards-bodies").Match;
        Assert.NotNull(added);
        Assert.Equal("Standards bodies", added.Name);
        Assert.Equal("standards-bodies", catalog.Classify(knowledge.Documents[0])?.Id);
    }

    [Fact]
    public async Task Coverage_counts_documents_that_name_or_mention_each_topic_in_the_project_corpus()
    {
        var knowledge = engine.Knowledge;
        var catalog = Shipped(knowledge);

        var coverage = (await catalog.CoverageAsync(default)).ToDictionary(c => c.Topic.Id, c => c.DocumentCount);

        Assert.All(coverage, c => Assert.InRange(c.Value, 1, knowledge.Documents.Count));
        // The semiconductors page names it in its front matter; the overview and timeline mention it.
        Assert.True(coverage["semiconductors"] >= 3);
        Assert.Equal(coverage.Keys.Order(), catalog.Topics.Select(t => t.Id).Order());
    }

    [Fact]
    public void Documents_are_classified_by_front_matter_then_by_what_they_mention()
    {
        var knowledge = new FakeKnowledgeBase();
        var named = knowledge.Put("a", "A", null, "Chips and chips and more chips are discussed here.", "quantum");
        var mentioned = knowledge.Put("b", "B", null, "The semiconductor forum met. Chips were discussed. Quantum came up once.");
        var neither = knowledge.Put("c", "C", null, "The weather was fine on the day of the meeting.");
        var catalog = Shipped(knowledge);

        Assert.Equal("quantum", catalog.Classify(named)?.Id);
        Assert.Equal("semiconductors", catalog.Classify(mentioned)?.Id);
        Assert.Null(catalog.Classify(neither));
    }

    [Theory]
    [InlineData("topics: [", "invalid topic list at line")]
    [InlineData("topics:\n  - name: Chips\n", "needs both an id and a name")]
    [InlineData("topics:\n  - id: a\n    name: A\n  - id: A\n    name: B\n", "appears twice")]
    [InlineData("topics:\n  - id: two words\n    name: A\n", "must not contain spaces")]
    [InlineData("topics: []\n", "the topic list is empty")]
    public void A_broken_topic_file_is_refused_with_a_message_that_says_where(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => TopicFile.Parse(yaml, "topics.yaml"));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith("topics.yaml", error.Message);
    }

    [Fact]
    public void A_topic_without_a_query_searches_for_its_name_and_aliases()
    {
        var topic = Assert.Single(TopicFile.Parse("topics:\n  - id: chips\n    name: Chips\n    aliases: [semiconductors]\n", "t.yaml"));

        Assert.Equal("Chips semiconductors", topic.Query);
    }

    [Fact]
    public void A_missing_topic_file_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => TopicFile.Load("/nonexistent/topics.yaml"));

        Assert.Contains("/nonexistent/topics.yaml", error.Message);
    }
}
