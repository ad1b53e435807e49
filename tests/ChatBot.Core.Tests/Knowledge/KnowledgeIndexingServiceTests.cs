using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Knowledge;

public sealed class KnowledgeIndexingServiceTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly TempFolder _root = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    private string CorpusPath => Path.Combine(_root.Path, "corpus");

    [Fact]
    public async Task A_document_added_while_the_worker_runs_is_indexed_at_the_next_refresh()
    {
        _root.Write("corpus/first.md", Document("First", "The first council met in Seoul."));
        using var knowledge = NewKnowledgeBase();
        using var service = NewService(knowledge);

        await service.StartAsync(CancellationToken.None);
        await knowledge.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["first"], knowledge.Documents.Select(d => d.Id));

        _root.Write("corpus/second.md", Document("Second", "The second council took place in March 2024."));
        await AdvanceUntil(() => knowledge.Documents.Any(d => d.Id == "second"));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["first", "second"], knowledge.Documents.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task What_the_index_command_commits_reaches_the_running_worker_without_waiting_for_a_refresh()
    {
        _root.Write("corpus/first.md", Document("First", "The first council met in Seoul."));
        using var knowledge = NewKnowledgeBase();
        using var service = NewService(knowledge, refreshInterval: TimeSpan.FromDays(1));
        await service.StartAsync(CancellationToken.None);
        await knowledge.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));

        _root.Write("corpus/second.md", Document("Second", "The second council took place in March 2024."));
        using (var command = NewKnowledgeBase())
        {
            await command.RefreshAsync(false, null, CancellationToken.None);
        }
        await AdvanceUntil(() => knowledge.Documents.Any(d => d.Id == "second"), KnowledgeIndexingService.CatchUpInterval);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["first", "second"], knowledge.Documents.Select(d => d.Id).Order());
        Assert.True(_time.GetUtcNow() - new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero) < TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task A_failed_first_load_is_retried_and_the_worker_becomes_ready()
    {
        using var knowledge = NewKnowledgeBase();
        using var service = NewService(knowledge);

        await service.StartAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => knowledge.WhenReady.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(knowledge.IsReady);

        _root.Write("corpus/first.md", Document("First", "The first council met in Seoul."));
        await AdvanceUntil(() => knowledge.IsReady);
        await knowledge.WhenReady;
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["first"], knowledge.Documents.Select(d => d.Id));
    }

    [Fact]
    public void The_refresh_interval_cannot_be_negative()
    {
        var options = new IndexOptions { RefreshInterval = TimeSpan.FromMinutes(-1) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(IndexOptions.RefreshInterval)));
    }

    public void Dispose() => _root.Dispose();

    private KnowledgeBase NewKnowledgeBase() => new(
        new ChatBotPaths(CorpusPath, Path.Combine(_root.Path, "data")),
        Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }));

    private KnowledgeIndexingService NewService(KnowledgeBase knowledge, TimeSpan? refreshInterval = null) => new(
        knowledge,
        Options.Create(new IndexOptions { RefreshInterval = refreshInterval ?? Interval }),
        _time,
        NullLogger<KnowledgeIndexingService>.Instance);

    /// <summary>
    /// Moves the fake clock one interval at a time until the condition holds; the service may not
    /// have armed its timer yet when the first advance happens, so one advance is not enough.
    /// </summary>
    private async Task AdvanceUntil(Func<bool> condition, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold after refreshes for 30 s");
            _time.Advance(step ?? Interval);
            await Task.Delay(50);
        }
    }

    private static string Document(string title, string body) => $"---\ntitle: {title}\ndate: 2024-03-31\n---\n{body}\n";
}
