using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

/// <summary>
/// Two workers, each with its own index catching up at its own pace, sharing one change log: each
/// document is announced once when it arrives, once when it changes and once when it goes, however
/// far one worker lags behind the other.
/// </summary>
public sealed class SharedChangeLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_lagging_worker_neither_removes_nor_re_adds_what_the_other_announced(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var (fast, fastTracker) = Worker(stores);
        var (slow, slowTracker) = Worker(stores);
        foreach (var kb in new[] { fast, slow })
        {
            kb.Put("a", "A", null, "First text.");
            kb.Put("b", "B", null, "Second text.");
        }
        await fastTracker.SyncAsync(default);
        await slowTracker.SyncAsync(default);

        // A new document reaches the fast worker's index first.
        _time.Advance(TimeSpan.FromMinutes(1));
        fast.Put("c", "C", null, "Third text.");
        Assert.Equal(["c"], (await fastTracker.SyncAsync(default)).Added);
        Assert.Equal(Nothing, Summary(await slowTracker.SyncAsync(default)));
        Assert.Equal(Nothing, Summary(await fastTracker.SyncAsync(default)));
        slow.Put("c", "C", null, "Third text.");
        Assert.Equal(Nothing, Summary(await slowTracker.SyncAsync(default)));

        // A document goes and another changes; the slow worker still has the old versions for a while.
        _time.Advance(TimeSpan.FromMinutes(1));
        fast.Remove("a");
        fast.Put("b", "B", null, "Second text, corrected.");
        var seen = await fastTracker.SyncAsync(default);
        Assert.Equal(("b", "a"), (string.Join(",", seen.Changed), string.Join(",", seen.Removed)));
        Assert.Equal(Nothing, Summary(await slowTracker.SyncAsync(default)));
        Assert.Equal(Nothing, Summary(await fastTracker.SyncAsync(default)));
        slow.Remove("a");
        slow.Put("b", "B", null, "Second text, corrected.");
        Assert.Equal(Nothing, Summary(await slowTracker.SyncAsync(default)));

        var log = (await ((ICorpusChangeLog)stores.Open(_time)).ListAsync(default)).ToDictionary(c => c.DocumentId);
        Assert.NotNull(log["a"].RemovedAt);
        Assert.Null(log["c"].RemovedAt);
        Assert.Equal(fast.Documents.Single(d => d.Id == "b").ContentHash, log["b"].ContentHash);
        Assert.Equal(_time.GetUtcNow().AddMinutes(-1), log["c"].FirstSeen);

        // A document that comes back after it was removed is news again.
        _time.Advance(TimeSpan.FromMinutes(1));
        slow.Put("a", "A", null, "First text.");
        Assert.Equal(["a"], (await slowTracker.SyncAsync(default)).Added);
        fast.Put("a", "A", null, "First text.");
        Assert.Equal(Nothing, Summary(await fastTracker.SyncAsync(default)));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_restarted_worker_records_what_changed_while_it_was_down(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var (before, tracker) = Worker(stores);
        before.Put("a", "A", null, "First text.");
        before.Put("b", "B", null, "Second text.");
        await tracker.SyncAsync(default);

        var (after, restarted) = Worker(stores);
        after.Put("b", "B", null, "Second text.");
        after.Put("c", "C", null, "Third text.");
        var seen = await restarted.SyncAsync(default);

        Assert.Equal(("c", "a"), (string.Join(",", seen.Added), string.Join(",", seen.Removed)));
    }

    private static readonly (int, int, int) Nothing = (0, 0, 0);

    private static (int, int, int) Summary(CorpusSyncResult result) => (result.Added.Count, result.Changed.Count, result.Removed.Count);

    private (FakeKnowledgeBase, CorpusChangeTracker) Worker(TestStores stores)
    {
        var knowledge = new FakeKnowledgeBase();
        return (knowledge, new CorpusChangeTracker(knowledge, stores.Open(_time), _time));
    }
}
