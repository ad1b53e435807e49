using ChatBot.Core.Sources;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Testing.Fakes;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ChatBot.Core.Tests.Sources;

/// <summary>Source-level outcomes as <c>sources list</c> shows them, and what an item does when its page is off limits.</summary>
public sealed class SourceFailuresTests : IAsyncLifetime
{
    private SourcesHarness _harness = null!;

    private FakeSite Site => _harness.Site;

    public Task InitializeAsync()
    {
        _harness = SourcesHarness.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<(SourceFetchResult Result, SourceState State)> FetchAsync(string kind, string path)
    {
        _harness.WriteSources($"sources:\n  - id: s\n    kind: {kind}\n    url: {Site.Url(path)}\n");
        var report = await _harness.Get<SourceFetchRunner>().RunAsync(false, null, CancellationToken.None);
        var state = (await _harness.Get<ISourceStateStore>().ListStatesAsync(CancellationToken.None)).Single();
        return (report.Results.Single(), state);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><item><title>x</item></channel></rss>", "application/rss+xml", "malformed feed")]
    [InlineData("<html><body><p>A web page, not a feed.</p></body></html>", "text/html", "not RSS, Atom or JSON Feed")]
    public async Task A_malformed_feed_is_a_recorded_failure(string body, string type, string reason)
    {
        Site.Map("/feed", new SiteResponse(200, type, System.Text.Encoding.UTF8.GetBytes(body)));

        var (result, state) = await FetchAsync("feed", "/feed");

        Assert.Equal(FetchFailureKind.Malformed, result.Failure);
        Assert.Equal((FetchOutcome.Failed, 1), (state.LastOutcome, state.FailureStreak));
        Assert.Contains(reason, state.LastReason);
    }

    [Fact]
    public async Task A_disallowed_source_is_a_recorded_failure()
    {
        Site.Map("/robots.txt", SiteResponse.Text("User-agent: *\nDisallow: /\n"));
        Site.Map("/page", SiteResponse.Html("<p>never fetched</p>"));

        var (result, state) = await FetchAsync("page", "/page");

        Assert.Equal(FetchFailureKind.RobotsDisallowed, result.Failure);
        Assert.Contains("robots.txt", state.LastReason);
        Assert.Equal(0, Site.CountOf("/page"));
    }

    [Fact]
    public async Task A_robots_txt_that_errors_blocks_the_site_for_now()
    {
        Site.Map("/robots.txt", SiteResponse.Code(500));
        Site.Map("/page", SiteResponse.Html("<p>never fetched</p>"));

        var (result, state) = await FetchAsync("page", "/page");

        Assert.Equal(FetchFailureKind.RobotsDisallowed, result.Failure);
        Assert.Contains("robots.txt unavailable", state.LastReason);
    }

    [Fact]
    public async Task An_item_whose_page_is_off_limits_is_stored_from_the_feed_text_and_a_failing_item_does_not_fail_the_feed()
    {
        Site.Map("/robots.txt", SiteResponse.Text("User-agent: *\nDisallow: /members/\n"));
        Site.Map("/feed", SiteResponse.Xml(
            $"""
            <rss version="2.0"><channel><title>t</title>
              <item><title>Members only</title><link>{Site.Url("/members/1")}</link><pubDate>Mon, 01 Dec 2025 09:00:00 GMT</pubDate>
                <description>&lt;p&gt;The EU and Korea agreed to open a joint 6G research call in 2026, the ministry said in a statement on Monday.&lt;/p&gt;</description></item>
              <item><title>Gone</title><link>{Site.Url("/gone")}</link><pubDate>Mon, 01 Dec 2025 08:00:00 GMT</pubDate><description>short</description></item>
            </channel></rss>
            """));

        var (result, state) = await FetchAsync("feed", "/feed");

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal((1, 1), (result.Added, result.ItemFailures));
        Assert.Contains("1 item(s) failed", state.LastReason);
        Assert.Contains("404", state.LastReason);
        var file = Assert.Single(Directory.GetFiles(_harness.SourcesPath, "*.md", SearchOption.AllDirectories));
        var text = File.ReadAllText(file);
        Assert.Contains("joint 6G research call in 2026", text);
        Assert.Contains("date: 2025-12-01", text);
        Assert.Equal(0, Site.CountOf("/members/1"));
    }

    [Fact]
    public async Task A_pdf_page_is_read_with_pdfpig()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText("The Digital Trade Agreement was signed on 10 June 2026 in Brussels.", 12, new PdfPoint(40, 700), font);
        builder.DocumentInformation.Title = "Digital Trade Agreement";
        Site.Map("/dta.pdf", new SiteResponse(200, "application/pdf", builder.Build()));

        var (result, _) = await FetchAsync("page", "/dta.pdf");

        Assert.Equal(1, result.Added);
        var text = File.ReadAllText(Assert.Single(Directory.GetFiles(_harness.SourcesPath, "*.md", SearchOption.AllDirectories)));
        Assert.Contains("title: Digital Trade Agreement", text);
        Assert.Contains("signed on 10 June 2026 in Brussels.", text);
    }
}
