using ChatBot.Core.Coordination;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Sources;
using ChatBot.Testing.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

/// <summary>
/// Two workers, each with its own data folder and index, sharing one store: each source is fetched
/// by one of them per interval, and both end up indexing the same fetched documents.
/// </summary>
public sealed class SharedSourcesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Each_source_is_fetched_once_per_interval_and_every_worker_indexes_what_was_fetched(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        await using var first = Worker(stores);
        await using var second = Worker(stores);
        var site = first.Site;
        var sources = "sources:\n" + string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"  - id: page{i}\n    url: {site.Url($"/page{i}")}\n    kind: page\n    publisher: Example\n"));
        first.WriteSources(sources);
        second.WriteSources(sources);
        for (var i = 1; i <= 4; i++)
        {
            site.Map($"/page{i}", SiteResponse.Html(Page(i, "first")));
        }

        var reports = await Task.WhenAll(
            Task.Run(() => first.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None)),
            Task.Run(() => second.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None)));

        Assert.Equal(4, reports.Sum(r => r.Results.Count));
        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal(1, site.CountOf($"/page{i}")));

        // The next pass of each worker (nothing due) copies what the other fetched, and both index it.
        await first.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None);
        await second.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None);
        Assert.Equal(4, FetchedDocuments(first).Count);
        Assert.Equal(FetchedDocuments(first), FetchedDocuments(second));

        // One interval later one page changed: fetched once more in all, and both workers see the new text.
        site.Map("/page2", SiteResponse.Html(Page(2, "second")));
        _time.Advance(TimeSpan.FromHours(6));
        await Task.WhenAll(
            Task.Run(() => first.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None)),
            Task.Run(() => second.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None)));
        await first.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None);
        await second.Get<SourceFetchRunner>().RunAsync(dueOnly: true, null, CancellationToken.None);

        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal(2, site.CountOf($"/page{i}")));
        Assert.Equal(FetchedDocuments(first), FetchedDocuments(second));
        foreach (var worker in new[] { first, second })
        {
            var knowledge = worker.Get<IKnowledgeBase>();
            var page2 = knowledge.Documents.Single(d => d.Id.StartsWith(KnowledgeBase.SourcesPrefix, StringComparison.Ordinal) && d.Title.Contains("number 2"));
            Assert.Contains(knowledge.PassagesOf(page2.Id), p => p.Text.Contains("second edition"));
        }
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_claim_left_by_a_dead_worker_is_taken_over_after_its_lease(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        ISourceStateStore dead = stores.Open(_time);
        ISourceStateStore alive = stores.Open(_time);
        var lease = TimeSpan.FromMinutes(10);

        Assert.True(await dead.TryClaimFetchAsync("news", "dead", lease, _time.GetUtcNow(), dueOnly: true, default));
        await ElapseAsync(stores, TimeSpan.FromMinutes(5));
        Assert.False(await alive.TryClaimFetchAsync("news", "alive", lease, _time.GetUtcNow(), dueOnly: true, default));
        Assert.False(await alive.TryClaimFetchAsync("news", "alive", lease, _time.GetUtcNow(), dueOnly: false, default));
        await ElapseAsync(stores, TimeSpan.FromMinutes(5));
        Assert.True(await alive.TryClaimFetchAsync("news", "alive", lease, _time.GetUtcNow(), dueOnly: true, default));

        // The dead worker wakes up: its outcome is refused, the new holder's stands.
        var now = _time.GetUtcNow();
        Assert.False(await dead.CompleteFetchAsync(SourceState.New("news") with { LastFetchAt = now, LastReason = "stale", NextFetchAt = now.AddMinutes(1) }, "dead", default));

        // Recording the outcome gives the claim back; the next one waits for the source to be due.
        Assert.True(await alive.CompleteFetchAsync(SourceState.New("news") with { LastFetchAt = now, LastReason = "fresh", NextFetchAt = now + TimeSpan.FromHours(6) }, "alive", default));
        Assert.Equal("fresh", Assert.Single(await dead.ListStatesAsync(default)).LastReason);
        Assert.False(await dead.TryClaimFetchAsync("news", "dead", lease, now, dueOnly: true, default));
        Assert.True(await dead.TryClaimFetchAsync("news", "dead", lease, now, dueOnly: false, default));
    }

    private async Task ElapseAsync(TestStores stores, TimeSpan span)
    {
        await stores.ElapseStoreClockAsync(span);
        _time.Advance(span);
    }

    private SourcesHarness Worker(TestStores stores)
    {
        var settings = new Dictionary<string, string?> { ["ChatBot:Store:Provider"] = stores.Provider };
        if (stores.ConnectionString is { } connection)
        {
            settings["ConnectionStrings:ChatBot"] = connection;
        }
        else
        {
            settings["ChatBot:Store:Path"] = stores.SqlitePath;
        }
        // Hours pass on the test's clock, and the server's cannot be moved: these workers run their
        // schedules on the test's clock (ScheduleClockTests cover schedules on the server's).
        return SourcesHarness.Create(settings: settings, configure: s => s.AddSingleton<TimeProvider>(_time).AddSingleton(new DatabaseClock(_time, null)));
    }

    private static List<(string, string)> FetchedDocuments(SourcesHarness worker) => worker.Get<IKnowledgeBase>().Documents
        .Where(d => d.Id.StartsWith(KnowledgeBase.SourcesPrefix, StringComparison.Ordinal))
        .Select(d => (d.Id, d.ContentHash))
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    private static string Page(int number, string edition) =>
        $"<html><head><title>Partnership note number {number}</title></head><body><article><h1>Partnership note number {number}</h1>" +
        $"<p>This is the {edition} edition of note {number} about the EU and Korea digital partnership on semiconductors.</p></article></body></html>";
}
