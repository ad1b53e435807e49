using ChatBot.Core.Sources;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

/// <summary>Fetch state across passes: outcome and reason kept, backoff, one log line per failure streak.</summary>
public sealed class SourceFetchRunnerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private SourcesHarness _harness = null!;

    public Task InitializeAsync()
    {
        _harness = SourcesHarness.Create(configure: s => s.AddSingleton<TimeProvider>(_time));
        _harness.WriteSources(
            $"""
            sources:
              - id: down
                url: http://127.0.0.1:{FakeSite.ClosedPort()}/feed.xml
              - id: page
                url: {_harness.Site.Url("/page")}
                kind: page
                publisher: Example
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<SourceRunReport> RunAsync(bool dueOnly = true) =>
        _harness.Get<SourceFetchRunner>().RunAsync(dueOnly, null, CancellationToken.None);

    private async Task<SourceState> StateAsync(string id) =>
        (await _harness.Get<ISourceStateStore>().ListStatesAsync(CancellationToken.None)).Single(s => s.SourceId == id);

    [Fact]
    public async Task A_failing_source_is_recorded_retried_with_backoff_and_logged_once_per_streak()
    {
        _harness.Site.Map("/page", SiteResponse.Html("<html><body><article><p>The third Digital Partnership Council was held in Seoul on 28 November 2025.</p></article></body></html>", etag: "\"1\""));

        var first = await RunAsync();
        var down = await StateAsync("down");
        Assert.Equal(FetchFailureKind.Unreachable, first.Results.Single(r => r.SourceId == "down").Failure);
        Assert.Equal((FetchOutcome.Failed, 1), (down.LastOutcome, down.FailureStreak));
        Assert.Contains("unreachable", down.LastReason);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(15), down.NextFetchAt);
        var page = await StateAsync("page");
        Assert.Equal((FetchOutcome.Fetched, 0, 1), (page.LastOutcome, page.FailureStreak, page.Items));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(6), page.NextFetchAt);

        // Not due yet: nothing is fetched.
        Assert.Empty((await RunAsync()).Results);

        _time.Advance(TimeSpan.FromMinutes(15));
        var second = await RunAsync();
        Assert.Equal(["down"], second.Results.Select(r => r.SourceId));
        down = await StateAsync("down");
        Assert.Equal(2, down.FailureStreak);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), down.NextFetchAt); // doubled

        var warnings = _harness.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Source down failed")).ToList();
        Assert.Single(warnings);
        // Nor do retries and requests add lines of their own above Debug.
        var noise = _harness.Logs.Entries.Where(e => e.Level >= LogLevel.Information && (e.Category.StartsWith("Polly") || e.Category.StartsWith("System.Net.Http"))).ToList();
        Assert.True(noise.Count == 0, string.Join("\n", noise.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task The_page_answers_304_the_second_time_and_nothing_is_rewritten()
    {
        _harness.Site.Map("/page", SiteResponse.Html("<html><body><article><p>The third Digital Partnership Council was held in Seoul on 28 November 2025.</p></article></body></html>", etag: "\"1\""));

        var first = await RunAsync(dueOnly: false);
        var second = await RunAsync(dueOnly: false);

        Assert.Equal(1, first.Added);
        Assert.NotNull(first.Index); // stored something: the knowledge base was refreshed
        var again = second.Results.Single(r => r.SourceId == "page");
        Assert.Equal(FetchOutcome.NotModified, again.Outcome);
        Assert.Null(second.Index);
        Assert.Equal("\"1\"", _harness.Site.Requests.Last(r => r.PathAndQuery == "/page").Header("If-None-Match"));
    }
}
