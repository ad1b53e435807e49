using ChatBot.Core.Sources;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

/// <summary>The worker's background fetch, driven by the clock: at start-up, then every interval.</summary>
public sealed class SourceFetchServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private SourcesHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = SourcesHarness.Create(
            settings: new Dictionary<string, string?> { ["ChatBot:Sources:FetchInterval"] = "06:00:00" },
            configure: s => s.AddSingleton<TimeProvider>(_time),
            workers: true);
        // The keyword keeps the page from being stored, so no re-index runs between fetches.
        _harness.WriteSources($"sources:\n  - id: page\n    kind: page\n    include: [nothing-matches-this]\n    url: {_harness.Site.Url("/page")}\n");
        _harness.Site.Map("/page", SiteResponse.Html("<html><body><article><p>The third Digital Partnership Council was held in Seoul on 28 November 2025.</p></article></body></html>", etag: "\"1\""));
        await _harness.Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _harness.Host.StopAsync();
        await _harness.DisposeAsync();
    }

    private async Task<DateTimeOffset> WaitForStateAsync(int fetches)
    {
        for (var i = 0; i < 3000 && _harness.Site.CountOf("/page") < fetches; i++)
        {
            await Task.Delay(10);
        }
        SourceState? state = null;
        for (var i = 0; i < 3000 && (state = (await _harness.Get<ISourceStateStore>().ListStatesAsync(default)).SingleOrDefault())?.LastFetchAt is null; i++)
        {
            await Task.Delay(10);
        }
        return state!.LastFetchAt!.Value;
    }

    [Fact]
    public async Task Fetches_at_start_up_then_again_after_the_interval_and_not_before()
    {
        var first = await WaitForStateAsync(1);
        Assert.Equal(1, _harness.Site.CountOf("/page"));

        // Minute by minute (real time only lets the service's thread catch up with the clock).
        while (_harness.Site.CountOf("/page") < 2 && _time.GetUtcNow() - first < TimeSpan.FromHours(8))
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(5);
        }
        Assert.Equal(2, _harness.Site.CountOf("/page"));
        var second = first;
        for (var i = 0; i < 3000 && second == first; i++)
        {
            second = await WaitForStateAsync(2);
            await Task.Delay(i == 0 ? 0 : 10);
        }

        Assert.InRange(second - first, TimeSpan.FromHours(6), TimeSpan.FromHours(6.5));
        Assert.Equal("\"1\"", _harness.Site.Requests.Last(r => r.PathAndQuery == "/page").Header("If-None-Match"));
    }
}
