using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Sources;
using ChatBot.Core.Sources.Extraction;
using ChatBot.Core.Sources.Storing;
using ChatBot.Core.Storage;
using ChatBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

public sealed class SourceDocumentStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteChatStore _sqlite;
    private readonly SourceDocumentStore _store;
    private readonly SourceDefinition _source = new("news", new Uri("https://news.example.org/feed"), SourceKind.Feed, [], "en", "Example News");

    public SourceDocumentStoreTests()
    {
        var paths = new ChatBotPaths(Path.Combine(_folder.Path, "corpus"), Path.Combine(_folder.Path, "data"));
        _sqlite = new SqliteChatStore(Path.Combine(paths.DataPath, "chatbot.db"), _time);
        _store = new SourceDocumentStore(paths, _sqlite, _time);
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        _folder.Dispose();
    }

    private static ExtractedPage Page(string url, string title = "Third council", string text = "The third Digital Partnership Council was held in Seoul on 28 November 2025.") =>
        new(title, new Uri(url), new DateOnly(2025, 11, 28), null, null, [new TextBlock(text)]);

    private Task<StoreResult> SaveAsync(ExtractedPage page, string? key = null) =>
        _store.SaveAsync(_source, page, key ?? page.Url.AbsoluteUri, null, null, null, claimHolder: null, CancellationToken.None);

    private string[] Files() => Directory.Exists(_store.Root)
        ? Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories)
        : [];

    [Fact]
    public async Task A_document_becomes_markdown_with_front_matter_the_corpus_loader_reads()
    {
        Assert.Equal(StoreResult.Added, await SaveAsync(Page("https://news.example.org/2025/third-council")));

        var file = Assert.Single(Files());
        var loaded = new CorpusLoader().Load(new CorpusFile(file, "x.md", "x"), File.ReadAllBytes(file));
        Assert.Equal("Third council", loaded.Info.Title);
        Assert.Equal(new DateOnly(2025, 11, 28), loaded.Info.Date);
        Assert.Equal("https://news.example.org/2025/third-council", loaded.Info.Url);
        Assert.Equal("Example News", loaded.Info.Publisher);
        Assert.Equal("en", loaded.Info.Language);
        Assert.Contains("fetched: 2026-11-27T12:00:00Z", File.ReadAllText(file));
        Assert.Equal("The third Digital Partnership Council was held in Seoul on 28 November 2025.", loaded.Passages[0].Sentences[0]);
    }

    [Fact]
    public async Task A_changed_page_replaces_its_file_and_an_unchanged_one_is_left_alone()
    {
        await SaveAsync(Page("https://news.example.org/page"));
        var file = Assert.Single(Files());
        var before = File.GetLastWriteTimeUtc(file);

        Assert.Equal(StoreResult.Unchanged, await SaveAsync(Page("https://news.example.org/page")));
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));
        Assert.Equal(StoreResult.Updated, await SaveAsync(Page("https://news.example.org/page", text: "The Council now meets again in Brussels in 2026, the ministers said.")));

        Assert.Equal(file, Assert.Single(Files()));
        Assert.Contains("meets again in Brussels", File.ReadAllText(file));
    }

    [Fact]
    public async Task The_same_text_under_another_address_is_stored_once()
    {
        await SaveAsync(Page("https://news.example.org/a"));

        Assert.Equal(StoreResult.Duplicate, await SaveAsync(Page("https://news.example.org/b")));
        Assert.Single(Files());
    }

    [Theory]
    [InlineData("https://news.example.org/../../../../etc/passwd", "../../../../etc/passwd")]
    [InlineData("https://news.example.org/%2e%2e/%2e%2e/secret", "..\\..\\x/../y")]
    [InlineData("https://news.example.org/a/b/.hidden?q=../../x", "---\ntitle: injected\n---")]
    [InlineData("http://[::1]:8080/x", "/etc/cron.d/evil")]
    public async Task Titles_and_urls_never_choose_where_a_file_lands(string url, string title)
    {
        await SaveAsync(Page(url, title: title));

        var file = Assert.Single(Files());
        var root = Path.GetFullPath(_store.Root) + Path.DirectorySeparatorChar;
        Assert.StartsWith(root, Path.GetFullPath(file));
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        Assert.Matches("^[a-z0-9][a-z0-9.-]*/[a-z0-9-]+-[0-9a-f]{10}\\.md$", relative);
        var loaded = new CorpusLoader().Load(new CorpusFile(file, "x.md", "x"), File.ReadAllBytes(file));
        Assert.Equal(title.Replace('\n', ' ').Replace("  ", " "), loaded.Info.Title.Replace("  ", " ")); // a title with newlines stays one field, not a second header
    }

    [Fact]
    public async Task No_temporary_file_is_left_behind()
    {
        await SaveAsync(Page("https://news.example.org/one"));
        await SaveAsync(Page("https://news.example.org/one", text: "Changed text for the same page, long enough to be a sentence."));

        Assert.DoesNotContain(Files(), f => Path.GetFileName(f).StartsWith('.'));
    }
}
