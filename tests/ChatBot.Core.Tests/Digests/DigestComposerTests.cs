using System.Text.RegularExpressions;
using ChatBot.Core.Answers;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Core.Tests.Support;
using ChatBot.Core.Topics;
using ChatBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

public sealed class DigestComposerTests : IDisposable, IClassFixture<RealEngine>
{
    private static readonly string ShippedList = Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeKnowledgeBase _knowledge = new();
    private readonly SqliteChatStore _store;
    private readonly DigestComposer _composer;

    private readonly RealEngine _engine;

    public DigestComposerTests(RealEngine engine)
    {
        _engine = engine;
        _store = new SqliteChatStore(_folder.PathOf("chatbot.db"), _time);
        _composer = new DigestComposer(new CorpusChangeTracker(_knowledge, _store, _time), _knowledge, new TopicCatalog(TopicFile.Load(ShippedList), _knowledge));
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private Task<Digest> ComposeSinceAsync(DateTimeOffset since) => _composer.ComposeAsync(since, _time.GetUtcNow(), default);

    [Fact]
    public async Task Added_changed_and_removed_documents_show_up_as_such()
    {
        _knowledge.Put("council", "First council", new DateOnly(2023, 6, 30), "The first Digital Partnership Council was held in Seoul in June 2023.", "governance");
        _knowledge.Put("chips", "Chips", new DateOnly(2024, 7, 1), "Four semiconductor research projects were launched together.", "semiconductors");
        await ComposeSinceAsync(Start); // the existing corpus, noted at start-up
        var t1 = Start.AddDays(1);
        _time.SetUtcNow(t1);

        Assert.True((await ComposeSinceAsync(Start)).IsEmpty);

        _time.Advance(TimeSpan.FromHours(1));
        _knowledge.Put("trade", "Digital trade", new DateOnly(2025, 3, 1), "Negotiations on a Digital Trade Agreement were concluded in March 2025.", "digital-trade");
        _knowledge.Put("chips", "Chips", new DateOnly(2024, 7, 1), "Four semiconductor research projects were launched together. The forum became annual.", "semiconductors");
        _knowledge.Remove("council");
        _time.Advance(TimeSpan.FromHours(1));

        var digest = await ComposeSinceAsync(t1);

        var items = digest.Sections.SelectMany(s => s.Items).ToDictionary(i => i.Document.Id, i => i.Change);
        Assert.Equal(new Dictionary<string, DocumentChangeKind> { ["trade"] = DocumentChangeKind.Added, ["chips"] = DocumentChangeKind.Changed }, items);
        Assert.DoesNotContain("First council", digest.Body.Text);
        Assert.Contains("• Chips (2024-07-01, updated): ", digest.Body.Text);
        Assert.Contains("• Digital trade (2025-03-01): Negotiations on a Digital Trade Agreement were concluded in March 2025. [1]", digest.Body.Text);

        // The next period starts where this one ended: nothing twice.
        Assert.True((await ComposeSinceAsync(_time.GetUtcNow())).IsEmpty);
    }

    [Fact]
    public async Task A_removed_document_that_comes_back_is_new_again()
    {
        _knowledge.Put("a", "A", new DateOnly(2025, 1, 1), "The quantum expert group met for the first time in Brussels.");
        await ComposeSinceAsync(Start);
        _time.Advance(TimeSpan.FromDays(1));
        _knowledge.Remove("a");
        await ComposeSinceAsync(Start);
        var beforeReturn = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromDays(1));
        _knowledge.Put("a", "A", new DateOnly(2025, 1, 1), "The quantum expert group met for the first time in Brussels.");

        var digest = await ComposeSinceAsync(beforeReturn);

        Assert.Equal(DocumentChangeKind.Added, Assert.Single(Assert.Single(digest.Sections).Items).Change);
    }

    [Fact]
    public async Task Another_partnership_is_never_quoted_and_a_document_only_about_it_is_not_announced()
    {
        var partners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));
        var composer = new DigestComposer(new CorpusChangeTracker(_knowledge, _store, _time), _knowledge, new TopicCatalog(TopicFile.Load(ShippedList), _knowledge), partners);
        await composer.ComposeAsync(Start, _time.GetUtcNow(), default);
        _time.Advance(TimeSpan.FromHours(1));
        var since = _time.GetUtcNow();
        _knowledge.Put("japan", "EU and Japan hold their digital partnership council", new DateOnly(2025, 5, 1), "The EU and Japan agreed to cooperate on submarine cables and semiconductors.");
        _knowledge.Put("mixed", "Semiconductor cooperation", new DateOnly(2025, 6, 1), "The EU and Japan launched a chips dialogue last year. The EU and Korea agreed to fund four joint semiconductor projects.");
        _time.Advance(TimeSpan.FromHours(1));

        var digest = await composer.ComposeAsync(since, _time.GetUtcNow(), default);

        var item = Assert.Single(digest.Sections.SelectMany(s => s.Items));
        Assert.Equal("mixed", item.Document.Id);
        Assert.Equal("The EU and Korea agreed to fund four joint semiconductor projects.", Assert.Single(digest.Body.Citations).Quote);
        Assert.DoesNotContain("Japan", digest.Body.Text);
    }

    [Fact]
    public async Task Documents_are_grouped_by_topic_newest_first_with_other_last()
    {
        await ComposeSinceAsync(Start);
        _time.Advance(TimeSpan.FromHours(1));
        _knowledge.Put("chips-old", "Chips forum", new DateOnly(2023, 6, 30), "A forum for semiconductor researchers was agreed in Seoul.", "semiconductors");
        _knowledge.Put("chips-new", "Chip projects", new DateOnly(2024, 7, 1), "Four joint semiconductor projects were funded by both sides.", "semiconductors");
        _knowledge.Put("ai", "AI dialogue", new DateOnly(2025, 1, 1), "A permanent dialogue on trustworthy AI exchanges regular updates.");
        _knowledge.Put("misc", "Visit", new DateOnly(2026, 1, 1), "The delegation visited several museums during the stay in Seoul.");
        _time.Advance(TimeSpan.FromHours(1));

        var digest = await ComposeSinceAsync(Start);

        Assert.Equal(["Artificial intelligence", "Semiconductors", DigestComposer.OtherTopic], digest.Sections.Select(s => s.Topic));
        Assert.Equal(["chips-new", "chips-old"], digest.Sections[1].Items.Select(i => i.Document.Id));
        var lines = digest.Body.Text.Split('\n');
        Assert.Equal("Artificial intelligence", lines[0]);
        Assert.StartsWith("• AI dialogue (2025-01-01): A permanent dialogue", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("Semiconductors", lines[3]);
    }

    [Fact]
    public async Task Every_item_cites_one_verbatim_key_sentence_numbered_in_order()
    {
        _time.SetUtcNow(Start);
        var knowledge = _engine.Knowledge;
        var composer = new DigestComposer(new CorpusChangeTracker(knowledge, _store, _time), knowledge, new TopicCatalog(TopicFile.Load(ShippedList), knowledge));

        var digest = await composer.ComposeAsync(DateTimeOffset.MinValue, Start, default);

        var items = digest.Sections.SelectMany(s => s.Items).ToList();
        Assert.Equal(knowledge.Documents.Count, items.Count);
        Assert.Equal(Enumerable.Range(1, items.Count), items.Select(i => i.CitationN));
        Assert.Equal(Enumerable.Range(1, items.Count), Regex.Matches(digest.Body.Text, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)));
        Assert.All(digest.Body.Citations, c => Assert.Contains(c.Quote, knowledge.CleanTextOf(c.Document)));
        Assert.All(digest.Body.Citations, c => Assert.NotEqual(c.Title, c.Quote));
        Assert.All(digest.Body.Citations, c => Assert.EndsWith(".", c.Quote));
        Assert.DoesNotContain(digest.Sections, s => s.Topic == DigestComposer.OtherTopic);
    }

    [Fact]
    public async Task The_key_sentence_is_the_statement_closest_to_the_title_not_a_heading_or_byline()
    {
        await ComposeSinceAsync(Start);
        _time.Advance(TimeSpan.FromHours(1));
        _knowledge.Put("analysis", "Semiconductor researchers forum becomes annual", new DateOnly(2025, 8, 12),
            "Semiconductor researchers forum becomes annual\n\nBy Raluca Csernatoni, professor of governance studies in Brussels.\n\n"
            + "The weather was mild when the delegations met in the capital. The semiconductor researchers forum will now be held every year as an annual event.");
        _time.Advance(TimeSpan.FromHours(1));

        var digest = await ComposeSinceAsync(Start);

        Assert.Equal("The semiconductor researchers forum will now be held every year as an annual event.", Assert.Single(digest.Body.Citations).Quote);
    }

    [Fact]
    public async Task An_empty_period_says_so_briefly()
    {
        _knowledge.Put("a", "A", new DateOnly(2025, 1, 1), "The quantum expert group met for the first time in Brussels.");
        await ComposeSinceAsync(Start);
        _time.Advance(TimeSpan.FromDays(7));

        var digest = await ComposeSinceAsync(Start.AddDays(1));

        Assert.True(digest.IsEmpty);
        Assert.Empty(digest.Body.Citations);
        Assert.Equal("Nothing new in the partnership documents since 2 March 2026.", digest.Body.Text);
        Assert.Equal((Start.AddDays(1), Start.AddDays(7)), (digest.Since, digest.Until));
    }

    [Fact]
    public async Task On_a_fresh_store_existing_documents_are_dated_by_their_own_date()
    {
        _knowledge.Put("old", "Old", new DateOnly(2023, 6, 30), "The first council was held in Seoul with two co-chairs.");
        _knowledge.Put("new", "New", new DateOnly(2025, 8, 12), "The analysis of the partnership was published in August 2025.");

        var digest = await ComposeSinceAsync(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["new"], digest.Sections.SelectMany(s => s.Items).Select(i => i.Document.Id));
    }
}
