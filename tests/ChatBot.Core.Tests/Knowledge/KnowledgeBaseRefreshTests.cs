using ChatBot.Core.Configuration;
using ChatBot.Core.Indexing;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Knowledge;

public class KnowledgeBaseRefreshTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public KnowledgeBaseRefreshTests()
    {
        _corpus.Write("alpha.md", "---\ntitle: Alpha\ndate: 2024-01-02\n---\nAlpha covers semiconductors. It has two sentences.\n");
        _corpus.Write("areas/beta.txt", "Beta notes\nMarch 3, 2025\nBeta covers quantum computing.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private Engine NewEngine() => new(_corpus.Path, _data.Path);

    [Fact]
    public async Task First_refresh_indexes_everything_and_becomes_ready()
    {
        using var engine = NewEngine();
        Assert.False(engine.Knowledge.IsReady);

        var report = await engine.RefreshAsync();

        Assert.True(engine.Knowledge.IsReady);
        Assert.True(report.Reindexed);
        Assert.Equal(2, report.Documents);
        Assert.Equal(["alpha", "areas/beta"], report.Added.Select(d => d.Id).Order());
        Assert.Equal(["areas/beta", "alpha"], engine.Knowledge.Documents.Select(d => d.Id));
        Assert.Contains("Alpha covers semiconductors.", engine.Knowledge.PassagesOf("alpha").SelectMany(p => p.Sentences));
        Assert.Empty(engine.Knowledge.PassagesOf("unknown"));
    }

    [Fact]
    public async Task A_restart_with_an_unchanged_corpus_does_not_reindex()
    {
        using (var first = NewEngine())
        {
            await first.RefreshAsync();
        }

        using var second = NewEngine();
        var report = await second.RefreshAsync();

        Assert.False(report.Reindexed);
        Assert.Empty(report.Added);
        Assert.Empty(report.Changed);
        Assert.Equal(2, report.Documents);
        Assert.NotEmpty(second.Knowledge.PassagesOf("areas/beta"));
    }

    [Fact]
    public async Task Changed_added_and_removed_files_are_reindexed_incrementally()
    {
        using (var first = NewEngine())
        {
            await first.RefreshAsync();
        }
        _corpus.Write("alpha.md", "---\ntitle: Alpha v2\ndate: 2024-01-02\n---\nAlpha now covers chips and AI.\n");
        _corpus.Write("gamma.md", "---\ntitle: Gamma\n---\nGamma is new.\n");
        _corpus.Delete("areas/beta.txt");

        using var second = NewEngine();
        var report = await second.RefreshAsync();

        Assert.True(report.Reindexed);
        Assert.Equal(["alpha"], report.Changed.Select(d => d.Id));
        Assert.Equal(["gamma"], report.Added.Select(d => d.Id));
        Assert.Equal(["areas/beta"], report.Removed);
        Assert.Equal(["alpha", "gamma"], second.Knowledge.Documents.Select(d => d.Id).Order());
        Assert.Equal("Alpha v2", second.Knowledge.Document("alpha")!.Title);
        Assert.Contains("Alpha now covers chips and AI.", second.Knowledge.PassagesOf("alpha").SelectMany(p => p.Sentences));
        var answer = await second.AskAsync("What does Alpha cover now?");
        Assert.DoesNotContain(answer.Citations, c => c.Quote.Contains("two sentences"));
    }

    [Fact]
    public async Task Rebuild_starts_over()
    {
        using var engine = NewEngine();
        await engine.RefreshAsync();

        var report = await engine.RefreshAsync(rebuild: true);

        Assert.True(report.Reindexed);
        Assert.Equal(2, report.Added.Count);
        Assert.Equal(2, report.Documents);
    }

    [Fact]
    public async Task Broken_files_are_skipped_with_reasons_and_the_rest_is_indexed()
    {
        _corpus.Write("empty.md", "");
        _corpus.Write("bad-front-matter.md", "---\ntitle: [oops\n---\nText.\n");
        _corpus.Write("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x0A]);
        _corpus.Write("corrupt.pdf", "%PDF-1.4 garbage");
        using var engine = NewEngine();

        var report = await engine.RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.Equal(["bad-front-matter.md", "corrupt.pdf", "empty.md", "latin1.txt"], report.Skipped.Select(s => s.Path).Order());
        Assert.All(report.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Equal("empty file", report.Skipped.Single(s => s.Path == "empty.md").Reason);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_skipped_unread_and_the_rest_is_indexed()
    {
        _corpus.Write("huge.md", "---\ntitle: Huge\n---\n" + string.Concat(Enumerable.Repeat("The council met again. ", 200)));
        using var engine = new Engine(_corpus.Path, _data.Path, maxFileBytes: 1024);

        var report = await engine.RefreshAsync();

        Assert.Equal(2, report.Documents);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("huge.md", skipped.Path);
        Assert.Contains("ChatBot:Index:MaxFileBytes", skipped.Reason);
    }

    [Fact]
    public async Task A_crash_before_commit_leaves_the_last_committed_index_usable()
    {
        using (var first = NewEngine())
        {
            await first.RefreshAsync();
        }
        // Simulate a crash mid-indexing: writes happen, the process dies before the commit.
        using (var analysis = new TextAnalysis())
        using (var index = new PassageIndex(new ChatBotPaths(_corpus.Path, _data.Path).IndexPath, analysis))
        {
            var update = index.BeginUpdate(create: true);
            update.Remove("alpha");
            update.Dispose();
        }

        using var second = NewEngine();
        var report = await second.RefreshAsync();

        Assert.False(report.Reindexed);
        Assert.Equal(2, report.Documents);
        Assert.NotEmpty(second.Knowledge.PassagesOf("alpha"));
    }

    [Fact]
    public async Task A_missing_corpus_folder_fails_the_refresh_and_readiness()
    {
        using var engine = new Engine(Path.Combine(_corpus.Path, "missing"), _data.Path);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => engine.RefreshAsync());
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => engine.Knowledge.WhenReady);
    }
}
