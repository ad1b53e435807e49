using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Core.Sources;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

/// <summary>
/// The worker's services (indexing, digest scheduler, store) over the repository's corpus and a
/// fake news site on loopback: a published item is fetched, becomes answerable, and a subscribed
/// Discord channel and Teams channel each get one digest naming it; an updated page is announced
/// as updated; fetching again posts nothing new.
/// </summary>
public sealed class SourcesToDigestsEndToEndTests : IAsyncLifetime
{
    private static readonly ChannelKey Discord = new("discord", "partnership-news");
    private static readonly ChannelKey Teams = new("teams", "19:partnership@thread.tacv2");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 5, 0, TimeSpan.Zero));
    private readonly FakeDigestPublisher _discord = new("discord");
    private readonly FakeDigestPublisher _teams = new("teams");
    private SourcesHarness _harness = null!;
    private string _feedItems = "";

    private FakeSite Site => _harness.Site;

    public async Task InitializeAsync()
    {
        _harness = SourcesHarness.Create(
            settings: new Dictionary<string, string?> { ["ChatBot:Sources:FetchInterval"] = "00:00:00" },
            configure: services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                services.AddSingleton<IDigestPublisher>(_discord);
                services.AddSingleton<IDigestPublisher>(_teams);
            },
            workers: true);
        _harness.WriteSources(
            $"""
            sources:
              - id: news
                url: {Site.Url("/feed.xml")}
                kind: feed
                include: [korea]
                publisher: Example News
              - id: partnership
                url: {Site.Url("/partnership")}
                kind: page
                publisher: Example Ministry
            """);
        Site.Map("/feed.xml", _ => SiteResponse.Xml($"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{_feedItems}</channel></rss>"""));
        Site.Map("/partnership", SiteResponse.Html(PartnershipPage("The partnership covers semiconductors, artificial intelligence and quantum technologies."), etag: "\"p1\""));
        await _harness.Host.StartAsync();
        await _harness.Get<IKnowledgeBase>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync()
    {
        await _harness.Host.StopAsync();
        await _harness.DisposeAsync();
    }

    private static string PartnershipPage(string sentence) =>
        $"""
        <html lang="en"><head><title>EU-Korea partnership overview</title></head><body>
        <article><h1>EU-Korea partnership overview</h1><p>Seoul, 1 November 2025</p>
        <p>{sentence} The ministers review its progress at each Digital Partnership Council.</p></article></body></html>
        """;

    private Task<SourceRunReport> FetchAsync() => _harness.Get<SourceFetchRunner>().RunAsync(dueOnly: false, null, CancellationToken.None);

    [Fact]
    public async Task A_published_item_reaches_answers_and_one_digest_per_channel_and_a_second_fetch_posts_nothing()
    {
        // Before any subscription: the page is already known, so its later change is an update.
        var initial = await FetchAsync();
        Assert.Equal(1, initial.Added);

        var digests = _harness.Get<IDigestService>();
        await digests.SubscribeAsync(Discord, "0 * * * *", "UTC", backfill: false, postWhenEmpty: false, CancellationToken.None);
        await digests.SubscribeAsync(Teams, "0 * * * *", "UTC", backfill: false, postWhenEmpty: false, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));

        // Publish: a Korea item (kept), an unrelated one (filtered out by keyword), and a changed page.
        Site.Map("/news/third-council", SiteResponse.Html(
            """
            <html lang="en"><head><title>Third Digital Partnership Council</title>
            <meta property="article:published_time" content="2025-11-28T10:00:00+09:00"></head>
            <body><article><h1>EU and Korea hold the third Digital Partnership Council in Seoul</h1>
            <p>The European Union and the Republic of Korea held the third Digital Partnership Council in Seoul on 28 November 2025.</p>
            <p>The Council was co-chaired by the Korean Minister of Science and ICT and the Executive Vice-President of the Commission.</p>
            </article></body></html>
            """));
        _feedItems =
            $"""
            <item><title>EU and Korea hold the third Digital Partnership Council</title><link>{Site.Url("/news/third-council")}</link>
              <pubDate>Fri, 28 Nov 2025 10:00:00 +0900</pubDate><description>Korea and the EU met in Seoul.</description></item>
            <item><title>Farm prices</title><link>{Site.Url("/news/farm")}</link><pubDate>Fri, 28 Nov 2025 11:00:00 +0900</pubDate>
              <description>Nothing about the partnership.</description></item>
            """;
        Site.Map("/partnership", SiteResponse.Html(PartnershipPage("The partnership now also covers secure network connectivity and 6G research."), etag: "\"p2\""));

        var fetched = await FetchAsync();
        Assert.Equal((1, 1), (fetched.Added, fetched.Updated));
        Assert.Equal(0, Site.CountOf("/news/farm"));

        // Indexed at once under its original address: retrieval finds it and it is citable.
        var hits = await _harness.Get<IPassageSearcher>().SearchAsync("third Digital Partnership Council Seoul co-chaired", 5, CancellationToken.None);
        var hit = Assert.Single(hits.Select(h => h.Document).Distinct(), d => d.Url == Site.Url("/news/third-council").AbsoluteUri);
        Assert.StartsWith("sources/", hit.Id);
        Assert.Equal(("Example News", new DateOnly(2025, 11, 28)), (hit.Publisher, hit.Date));

        await AdvanceUntilAsync(new DateTimeOffset(2026, 11, 27, 11, 30, 0, TimeSpan.Zero), () => _discord.Posts.Count > 0 && _teams.Posts.Count > 0);
        await WaitForDeliveredAsync(digests);

        foreach (var publisher in new[] { _discord, _teams })
        {
            var (_, digest) = Assert.Single(publisher.Posts);
            var text = digest.Body.Text;
            Assert.Contains("• Third Digital Partnership Council (2025-11-28): ", text);
            Assert.Contains("EU-Korea partnership overview (2025-11-01, updated): ", text);
            var item = Assert.Single(digest.Body.Citations, c => c.Url == Site.Url("/news/third-council").AbsoluteUri);
            Assert.Contains("third Digital Partnership Council", item.Quote);
            Assert.Contains($"{item.Quote} [{item.N}]", text);
        }

        // Nothing changed at the site: a second fetch stores nothing and the next hour posts nothing.
        var again = await FetchAsync();
        Assert.Equal((0, 0), (again.Added, again.Updated));
        Assert.Contains(again.Results, r => r.SourceId == "partnership" && r.Outcome == FetchOutcome.NotModified);
        await AdvanceUntilAsync(new DateTimeOffset(2026, 11, 27, 12, 30, 0, TimeSpan.Zero), () => false);
        Assert.Single(_discord.Posts);
        Assert.Single(_teams.Posts);
    }

    private async Task AdvanceUntilAsync(DateTimeOffset until, Func<bool> done)
    {
        while (_time.GetUtcNow() < until && !done())
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            // Real time only lets the scheduler's thread catch up with the fake clock.
            await Task.Delay(2);
        }
    }

    private static async Task WaitForDeliveredAsync(IDigestService digests)
    {
        foreach (var channel in new[] { Discord, Teams })
        {
            for (var i = 0; i < 3000 && (await digests.StatusAsync(channel, default)).RecentRuns.FirstOrDefault()?.Outcome != DeliveryOutcome.Delivered; i++)
            {
                await Task.Delay(10);
            }
        }
    }
}
