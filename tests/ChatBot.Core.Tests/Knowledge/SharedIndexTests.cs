using ChatBot.Core.Configuration;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;
using ChatBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Knowledge;

/// <summary>
/// The running worker and the CLI share one data folder: two knowledge bases over one index.
/// What one commits, the other must pick up; and an index damaged on disk is rebuilt, not fatal.
/// </summary>
public sealed class SharedIndexTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();
    private readonly LogRecorder _logs = new();

    public SharedIndexTests()
    {
        _corpus.Write("alpha.md", "---\ntitle: Alpha\ndate: 2024-01-02\n---\nAlpha covers semiconductors. It has two sentences.\n");
        _corpus.Write("areas/beta.txt", "Beta notes\nMarch 3, 2025\nBeta covers quantum computing.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private KnowledgeBase NewKnowledge() => new(
        new ChatBotPaths(_corpus.Path, _data.Path),
        Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }),
        _logs.CreateLogger<KnowledgeBase>());

    private static Task<IndexReport> RefreshAsync(KnowledgeBase knowledge, bool rebuild = false) => knowledge.RefreshAsync(rebuild, null, CancellationToken.None);

    private static IEnumerable<string> Sentences(KnowledgeBase knowledge, string id) => knowledge.PassagesOf(id).SelectMany(p => p.Sentences);

    private void ChangeCorpus()
    {
        _corpus.Write("alpha.md", "---\ntitle: Alpha v2\ndate: 2024-01-02\n---\nAlpha now covers chips and AI.\n");
        _corpus.Write("gamma.md", "---\ntitle: Gamma\ndate: 2025-05-05\n---\nGamma is a new document about 6G research.\n");
        _corpus.Delete("areas/beta.txt");
    }

    [Fact]
    public async Task A_worker_picks_up_what_the_index_command_committed_at_its_next_refresh()
    {
        using var worker = NewKnowledge();
        await RefreshAsync(worker);
        ChangeCorpus();
        using (var cli = NewKnowledge())
        {
            var cliReport = await RefreshAsync(cli);
            Assert.Equal(["gamma"], cliReport.Added.Select(d => d.Id));
        }

        await RefreshAsync(worker);

        Assert.Equal(["alpha", "gamma"], worker.Documents.Select(d => d.Id).Order());
        Assert.Equal("Alpha v2", worker.Document("alpha")!.Title);
        Assert.Contains("Alpha now covers chips and AI.", Sentences(worker, "alpha"));
        Assert.DoesNotContain("Alpha covers semiconductors.", Sentences(worker, "alpha"));
        Assert.Empty(worker.PassagesOf("areas/beta"));
        var answers = new ChatBot.Core.Answers.AnswerEngine(worker, new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)), Options.Create(new AnswerOptions()));
        var answer = await answers.AskAsync(new ChatBot.Core.Answers.AskRequest("What is Gamma about?", null, "test"), CancellationToken.None);
        Assert.Contains(answer.Citations, c => c.Document == "gamma");
    }

    [Fact]
    public async Task A_worker_that_also_changed_files_merges_with_the_other_commit()
    {
        using var worker = NewKnowledge();
        await RefreshAsync(worker);
        ChangeCorpus();
        using (var cli = NewKnowledge())
        {
            await RefreshAsync(cli);
        }
        _corpus.Write("delta.md", "---\ntitle: Delta\n---\nDelta arrived after the command ran.\n");

        var report = await RefreshAsync(worker);

        Assert.Equal(["delta"], report.Added.Select(d => d.Id));
        Assert.Equal(["alpha", "delta", "gamma"], worker.Documents.Select(d => d.Id).Order());
        Assert.Contains("Alpha now covers chips and AI.", Sentences(worker, "alpha"));
    }

    [Fact]
    public async Task The_worker_and_the_index_command_refreshing_at_once_both_end_up_current()
    {
        using var worker = NewKnowledge();
        using var cli = NewKnowledge();
        await RefreshAsync(worker);
        ChangeCorpus();

        await Task.WhenAll(RefreshAsync(worker), RefreshAsync(cli));

        foreach (var knowledge in new[] { worker, cli })
        {
            Assert.Equal(["alpha", "gamma"], knowledge.Documents.Select(d => d.Id).Order());
            Assert.Contains("Alpha now covers chips and AI.", Sentences(knowledge, "alpha"));
        }
        using var restarted = NewKnowledge();
        var report = await RefreshAsync(restarted);
        Assert.False(report.Reindexed);
        Assert.Equal(2, report.Documents);
    }

    [Fact]
    public async Task A_digest_sync_after_the_index_command_announces_the_new_document_instead_of_removing_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var store = new SqliteChatStore(Path.Combine(_data.Path, "chatbot.db"), time);
        using var worker = NewKnowledge();
        await RefreshAsync(worker);
        var workerTracker = new CorpusChangeTracker(worker, store, time);
        await workerTracker.SyncAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        ChangeCorpus();
        using (var cli = NewKnowledge())
        {
            await RefreshAsync(cli);
            // `digest --since`: the command refreshes and records the changes in the shared store.
            await new CorpusChangeTracker(cli, store, time).SyncAsync(CancellationToken.None);
        }
        time.Advance(TimeSpan.FromMinutes(1));

        var sync = await workerTracker.SyncAsync(CancellationToken.None);

        Assert.Empty(sync.Removed);
        var current = await workerTracker.CurrentAsync(CancellationToken.None);
        Assert.Contains(current, c => c.DocumentId == "gamma");
        Assert.Contains(worker.Documents, d => d.Id == "gamma");
    }

    [Fact]
    public async Task A_damaged_segments_file_is_rebuilt_automatically_and_logged()
    {
        using (var first = NewKnowledge())
        {
            await RefreshAsync(first);
        }
        var segments = Directory.GetFiles(Path.Combine(_data.Path, "index"), "segments_*").Single();
        File.WriteAllBytes(segments, Enumerable.Repeat((byte)0x5A, (int)new FileInfo(segments).Length).ToArray());

        using var second = NewKnowledge();
        var report = await RefreshAsync(second);

        Assert.True(report.Reindexed);
        Assert.Equal(2, report.Documents);
        Assert.Contains("Alpha covers semiconductors.", Sentences(second, "alpha"));
        Assert.Contains(_logs.AtLeast(LogLevel.Warning), l => l.Message.Contains("rebuilding it from the corpus"));
    }

    [Fact]
    public async Task A_missing_segment_file_is_rebuilt_automatically()
    {
        using (var first = NewKnowledge())
        {
            await RefreshAsync(first);
        }
        var index = Path.Combine(_data.Path, "index");
        foreach (var file in Directory.GetFiles(index).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal) && !f.EndsWith("write.lock", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        using var second = NewKnowledge();
        var report = await RefreshAsync(second);

        Assert.Equal(2, report.Documents);
        Assert.Contains("Beta covers quantum computing.", Sentences(second, "areas/beta"));
    }

    [Fact]
    public async Task A_running_worker_keeps_answering_from_its_snapshot_while_a_damaged_index_is_rebuilt()
    {
        using var worker = NewKnowledge();
        await RefreshAsync(worker);
        var index = Path.Combine(_data.Path, "index");
        foreach (var file in Directory.GetFiles(index, "*.si"))
        {
            File.WriteAllText(file, "garbage");
        }
        _corpus.Write("gamma.md", "---\ntitle: Gamma\n---\nGamma is a new document about 6G research.\n");
        // Before the next refresh the in-memory snapshot and open searcher still serve.
        Assert.Contains("Alpha covers semiconductors.", Sentences(worker, "alpha"));

        var report = await RefreshAsync(worker);

        Assert.Equal(3, report.Documents);
        Assert.Contains("Gamma is a new document about 6G research.", Sentences(worker, "gamma"));
        using var restarted = NewKnowledge();
        Assert.Equal(3, (await RefreshAsync(restarted)).Documents);
    }
}
