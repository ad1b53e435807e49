using ChatBot.Core.Answers;
using ChatBot.Core.Summaries;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Tests.Summaries;

/// <summary>
/// Summaries follow the answer engine's rules: they hold the EU–Korea subject (by the line or its
/// document), quote no headline fused to a sentence, and read newest first.
/// </summary>
public sealed class SummarySubjectTests
{
    private static readonly string ShippedTopics = Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");
    private static readonly Partners ShippedPartners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));

    private static FakeKnowledgeBase Corpus()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("kr-forum", "Korea and EU hold second researchers forum", new DateOnly(2025, 6, 16),
            "The EU and Korea held the second semiconductor researchers forum in Jeju to review joint chip research.");
        knowledge.Put("kr-council", "First EU-Korea Digital Partnership Council", new DateOnly(2023, 6, 30),
            "The EU and the Republic of Korea agreed to cooperate on semiconductors and chip supply chains at the first council in Seoul.");
        knowledge.Put("kr-chips", "EU and South Korea launch joint chip research projects", new DateOnly(2024, 7, 18),
            "EU and South Korea launch joint chip research projects Four jointly funded semiconductor projects have been announced by the two partners.\n\n"
            + "Backing semiconductor research in strategic sectors Both partners are committed to joint semiconductor research and chip design.\n\n"
            + "The National Research Foundation of Korea and the Chips Joint Undertaking co-fund the four semiconductor research projects.");
        // Distractors share the topic's words; only their partner differs, in the line or only in the document.
        knowledge.Put("jp", "EU and Japan strengthen digital cooperation", new DateOnly(2025, 5, 12),
            "The two sides agreed to deepen semiconductor research cooperation and a joint chip supply chain forum.\n\n"
            + "Japan and the EU opened a joint semiconductor research call for chip researchers.");
        knowledge.Put("sg", "EU-Singapore Digital Trade Agreement signed", new DateOnly(2025, 5, 7),
            "Singapore and the EU will cooperate on semiconductor supply chains and chip research under the agreement.");
        knowledge.Put("us", "Korea and U.S. to sign science agreement", new DateOnly(2025, 10, 29),
            "Korea and the United States will cooperate on semiconductor research and chip supply chains.");
        return knowledge;
    }

    private static SummaryService Service(FakeKnowledgeBase knowledge) =>
        new(new TopicCatalog(TopicFile.Load(ShippedTopics), knowledge), new FakePassageSearcher(knowledge), knowledge, ShippedPartners);

    [Fact]
    public async Task A_summary_never_quotes_another_partnership_by_its_line_or_its_document()
    {
        var summary = await Service(Corpus()).SummarizeAsync("semiconductors", default);

        var documents = summary.Summary!.Citations.Select(c => c.Document).ToList();
        Assert.DoesNotContain("jp", documents);
        Assert.DoesNotContain("sg", documents);
        Assert.DoesNotContain("us", documents);
        Assert.Contains("kr-forum", documents);
        Assert.Contains("kr-council", documents);
    }

    [Fact]
    public async Task A_summary_quotes_no_headline_fused_to_a_sentence()
    {
        var summary = await Service(Corpus()).SummarizeAsync("semiconductors", default);

        var quotes = summary.Summary!.Citations.Select(c => c.Quote).ToList();
        Assert.DoesNotContain(quotes, q => q.StartsWith("EU and South Korea launch", StringComparison.Ordinal));
        Assert.DoesNotContain(quotes, q => q.Contains("strategic sectors Both", StringComparison.Ordinal));
        Assert.Contains(quotes, q => q.StartsWith("The National Research Foundation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_summary_reads_newest_first()
    {
        var summary = await Service(Corpus()).SummarizeAsync("semiconductors", default);

        Assert.Equal(["kr-forum", "kr-chips", "kr-council"], summary.Summary!.Citations.Select(c => c.Document));
    }

    [Fact]
    public async Task A_line_about_the_EU_and_Korea_in_another_partners_document_is_kept()
    {
        var knowledge = new FakeKnowledgeBase();
        knowledge.Put("jp", "EU and Japan strengthen digital cooperation", new DateOnly(2025, 5, 12),
            "Japan and the EU opened a joint semiconductor research call for chip researchers.\n\n"
            + "The EU and Korea launched a similar semiconductor research call for chip researchers last year.");

        var summary = await Service(knowledge).SummarizeAsync("semiconductors", default);

        var quote = Assert.Single(summary.Summary!.Citations).Quote;
        Assert.StartsWith("The EU and Korea launched", quote);
    }

    [Theory]
    [InlineData("Backing innovation and wider AI adoption in strategic sectors Both partners are committed to trustworthy AI.", false)]
    [InlineData("EU and South Korea launch joint chip research projects Four jointly funded projects have been announced.", false)]
    [InlineData("Korea joins the research programme The agreement gives Korean researchers full access to it.", false)]
    [InlineData("The interview was first published in The Korea Herald on Monday morning.", true)]
    [InlineData("The EU hopes that Korean semiconductor companies will increase their investment in Europe.", true)]
    [InlineData("Minister Lee Jong-ho met the European Commission in Brussels on the 25th.", true)]
    [InlineData("Korean researchers can now apply for Horizon Europe grants on the same terms as others.", true)]
    public void A_heading_run_into_the_sentence_below_it_is_not_prose(string sentence, bool prose) =>
        Assert.Equal(prose, ProseSentences.IsProse(sentence, null, null));

    [Fact]
    public void A_sentence_that_opens_with_the_document_title_is_not_prose() =>
        Assert.False(ProseSentences.IsProse(
            "'The 1st Korea-EU Semiconductor Researchers Forum' Held An official called South Korea an important partner.",
            null,
            "'The 1st Korea-EU Semiconductor Researchers Forum' Held"));
}
