using ChatBot.Core.Configuration;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;
using ChatBot.Core.Topics;
using ChatBot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

/// <summary>Corpus files added, edited and deleted on disk, indexed by the real engine, then digested.</summary>
public sealed class DigestOverIndexedCorpusTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly KnowledgeBase _knowledge;
    private readonly SqliteChatStore _store;
    private readonly DigestComposer _composer;

    public DigestOverIndexedCorpusTests()
    {
        Directory.CreateDirectory(Path.Combine(_corpus.Path, "areas"));
        _knowledge = new KnowledgeBase(new ChatBotPaths(_corpus.Path, _data.Path), Options.Create(new IndexOptions()));
        _store = new SqliteChatStore(_data.PathOf("chatbot.db"), _time);
        var topics = new TopicCatalog(TopicFile.Load(Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml")), _knowledge);
        _composer = new DigestComposer(new CorpusChangeTracker(_knowledge, _store, _time), _knowledge, topics);
    }

    public void Dispose()
    {
        _knowledge.Dispose();
        _store.Dispose();
        _data.Dispose();
        _corpus.Dispose();
    }

    [Fact]
    public async Task Adding_changing_and_removing_files_shows_in_the_next_digest_only()
    {
        Copy("areas/semiconductors.md");
        Copy("areas/digital-trade.md");
        Copy("areas/cybersecurity.md");
        await _knowledge.RefreshAsync(false, null, default);
        Assert.Equal(3, (await _composer.ComposeAsync(DateTimeOffset.MinValue, Start, default)).Sections.Sum(s => s.Items.Count));

        _time.Advance(TimeSpan.FromDays(1));
        var subscribedAt = _time.GetUtcNow();
        Copy("areas/artificial-intelligence.md");
        File.AppendAllText(Path.Combine(_corpus.Path, "areas", "digital-trade.md"),
            "\nThe Digital Trade Agreement was signed by both sides after the negotiations ended.\n");
        File.Delete(Path.Combine(_corpus.Path, "areas", "cybersecurity.md"));
        _time.Advance(TimeSpan.FromHours(1));
        var report = await _knowledge.RefreshAsync(false, null, default);
        Assert.Equal((1, 1, 1), (report.Added.Count, report.Changed.Count, report.Removed.Count));

        var digest = await _composer.ComposeAsync(subscribedAt, _time.GetUtcNow(), default);

        var items = digest.Sections.SelectMany(s => s.Items).ToDictionary(i => i.Document.Id, i => i.Change);
        Assert.Equal(new Dictionary<string, DocumentChangeKind>
        {
            ["areas/artificial-intelligence"] = DocumentChangeKind.Added,
            ["areas/digital-trade"] = DocumentChangeKind.Changed,
        }, items);
        Assert.Equal(["Artificial intelligence", "Digital trade"], digest.Sections.Select(s => s.Topic).Order());
        Assert.All(digest.Body.Citations, c => Assert.Contains(c.Quote, _knowledge.CleanTextOf(c.Document)));
        Assert.DoesNotContain("Cybersecurity", digest.Body.Text);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.True((await _composer.ComposeAsync(_time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow(), default)).IsEmpty);
    }

    private void Copy(string relative)
    {
        var target = Path.Combine(_corpus.Path, relative);
        File.Copy(Path.Combine(RepositoryPaths.Corpus, relative), target, overwrite: true);
    }
}
