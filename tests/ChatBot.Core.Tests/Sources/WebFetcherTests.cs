using System.IO.Compression;
using System.Text;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Testing.Fakes;

namespace ChatBot.Core.Tests.Sources;

/// <summary>Every way a fetch can fail has its own recorded kind and a reason a person can act on.</summary>
public sealed class WebFetcherTests : IAsyncLifetime
{
    private SourcesHarness _harness = null!;

    private FakeSite Site => _harness.Site;

    public Task InitializeAsync()
    {
        _harness = SourcesHarness.Create(settings: new Dictionary<string, string?>
        {
            ["ChatBot:Sources:MaxBodyBytes"] = (1024 * 1024).ToString(),
            ["ChatBot:Sources:RequestTimeout"] = "00:00:00.500",
            ["ChatBot:Sources:MaxRedirects"] = "3",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<FetchResponse> FetchAsync(Uri url, string? etag = null) =>
        _harness.Get<WebFetcher>().FetchAsync(new FetchRequest(url, etag), CancellationToken.None);

    private async Task<FetchFailedException> FailsAsync(Uri url) =>
        await Assert.ThrowsAsync<FetchFailedException>(() => FetchAsync(url));

    [Fact]
    public async Task A_page_is_fetched_with_a_user_agent_naming_the_bot_and_its_contact()
    {
        Site.Map("/page", SiteResponse.Html("<html><body><p>Hello</p></body></html>"));

        var response = await FetchAsync(Site.Url("/page"));

        Assert.Equal(BodyKind.Html, response.Kind);
        Assert.Contains("Hello", Encoding.UTF8.GetString(response.Body));
        var request = Assert.Single(Site.Requests, r => r.PathAndQuery == "/page");
        Assert.Equal("ChatBot/1.0 (+https://example.org/chatbot-contact)", request.Header("User-Agent"));
        Assert.Equal(1, Site.CountOf("/robots.txt"));
    }

    [Fact]
    public async Task A_matching_etag_costs_a_304_and_no_body()
    {
        Site.Map("/page", SiteResponse.Html("<p>v1</p>", etag: "\"v1\""));

        var first = await FetchAsync(Site.Url("/page"));
        var second = await FetchAsync(Site.Url("/page"), first.ETag);

        Assert.Equal("\"v1\"", first.ETag);
        Assert.True(second.NotModified);
        Assert.Empty(second.Body);
        Assert.Equal("\"v1\"", Site.Requests.Last(r => r.PathAndQuery == "/page").Header("If-None-Match"));
    }

    [Fact]
    public async Task Unreachable_host()
    {
        var failure = await FailsAsync(new Uri($"http://127.0.0.1:{FakeSite.ClosedPort()}/feed"));
        Assert.Equal(FetchFailureKind.Unreachable, failure.Kind);
        Assert.Contains("unreachable", failure.Message);
    }

    [Fact]
    public async Task Timeout_when_the_server_never_answers()
    {
        Site.Map("/robots.txt", SiteResponse.Code(404));
        Site.Map("/slow", new SiteResponse(200, Stall: true));

        var failure = await FailsAsync(Site.Url("/slow"));

        Assert.Equal(FetchFailureKind.Timeout, failure.Kind);
        Assert.Contains("did not answer", failure.Message);
    }

    [Theory]
    [InlineData(404, FetchFailureKind.NotFound)]
    [InlineData(410, FetchFailureKind.Gone)]
    [InlineData(500, FetchFailureKind.ServerError)]
    [InlineData(403, FetchFailureKind.HttpError)]
    public async Task Http_errors_have_their_own_kind(int status, FetchFailureKind kind)
    {
        Site.Map("/doc", SiteResponse.Code(status));

        var failure = await FailsAsync(Site.Url("/doc"));

        Assert.Equal(kind, failure.Kind);
        Assert.Contains(status.ToString(), failure.Message);
    }

    [Fact]
    public async Task A_server_error_is_retried_before_it_counts()
    {
        Site.Map("/flaky", SiteResponse.Code(503));

        await FailsAsync(Site.Url("/flaky"));

        Assert.Equal(2, Site.CountOf("/flaky")); // one retry configured
    }

    [Fact]
    public async Task Redirect_loop()
    {
        Site.Map("/a", SiteResponse.Redirect("/b"));
        Site.Map("/b", SiteResponse.Redirect("/a"));

        var failure = await FailsAsync(Site.Url("/a"));

        Assert.Equal(FetchFailureKind.RedirectLoop, failure.Kind);
    }

    [Fact]
    public async Task Redirects_are_bounded()
    {
        for (var i = 0; i < 10; i++)
        {
            Site.Map($"/r{i}", SiteResponse.Redirect($"/r{i + 1}", 301));
        }

        var failure = await FailsAsync(Site.Url("/r0"));

        Assert.Equal(FetchFailureKind.TooManyRedirects, failure.Kind);
        Assert.Equal(0, Site.CountOf("/r5"));
    }

    [Fact]
    public async Task A_redirect_is_followed_to_the_final_url()
    {
        Site.Map("/old", SiteResponse.Redirect("/new", 301));
        Site.Map("/new", SiteResponse.Html("<p>moved here</p>"));

        var response = await FetchAsync(Site.Url("/old"));

        Assert.Equal(Site.Url("/new"), response.FinalUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.2:{port}/admin")] // loopback, not the allowed 127.0.0.1/32
    [InlineData("http://10.0.0.1/internal")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:{port}/")]
    [InlineData("http://[::ffff:127.0.0.2]:{port}/")]
    public async Task A_redirect_to_a_private_address_is_refused_at_the_hop(string target)
    {
        Site.Map("/go", SiteResponse.Redirect(target.Replace("{port}", Site.Port.ToString())));

        var failure = await FailsAsync(Site.Url("/go"));

        Assert.Equal(FetchFailureKind.Refused, failure.Kind);
        Assert.Contains("private", failure.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/file")]
    [InlineData("gopher://example.org/")]
    public async Task Only_http_and_https_are_followed(string target)
    {
        Site.Map("/go", SiteResponse.Redirect(target));

        var failure = await FailsAsync(Site.Url("/go"));

        Assert.Equal(FetchFailureKind.Refused, failure.Kind);
        Assert.Contains("only http and https", failure.Message);
    }

    [Fact]
    public async Task A_50_MB_page_without_a_length_stops_at_the_limit()
    {
        Site.Map("/huge", new SiteResponse(200, "text/html", StreamBytes: 50L * 1024 * 1024));

        var failure = await FailsAsync(Site.Url("/huge"));

        Assert.Equal(FetchFailureKind.TooLarge, failure.Kind);
        Assert.Contains("counted while reading", failure.Message);
    }

    [Fact]
    public async Task A_declared_50_MB_body_is_refused_before_reading()
    {
        Site.Map("/huge", new SiteResponse(200, "text/html", Headers: new Dictionary<string, string> { ["Content-Length"] = (50L * 1024 * 1024).ToString() }));

        var failure = await FailsAsync(Site.Url("/huge"));

        Assert.Equal(FetchFailureKind.TooLarge, failure.Kind);
        Assert.Contains("52,428,800 bytes", failure.Message);
    }

    [Fact]
    public async Task A_gzip_bomb_is_counted_after_decompression()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }
        Assert.True(packed.Length < 1024 * 1024 / 4); // small on the wire, 64 MB unpacked
        Site.Map("/bomb", new SiteResponse(200, "text/html", packed.ToArray(), new Dictionary<string, string> { ["Content-Encoding"] = "gzip" }));

        var failure = await FailsAsync(Site.Url("/bomb"));

        Assert.Equal(FetchFailureKind.TooLarge, failure.Kind);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/zip")]
    [InlineData("application/octet-stream")]
    public async Task Binary_content_is_refused(string type)
    {
        Site.Map("/file", new SiteResponse(200, type, [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]));

        var failure = await FailsAsync(Site.Url("/file"));

        Assert.Equal(FetchFailureKind.BinaryContent, failure.Kind);
        Assert.Contains("binary", failure.Message);
    }

    [Fact]
    public async Task Binary_bytes_behind_a_text_type_are_refused()
    {
        Site.Map("/fake.html", new SiteResponse(200, "text/html", [0x3C, 0x70, 0x3E, 0x00, 0x00, 0xFF]));

        var failure = await FailsAsync(Site.Url("/fake.html"));

        Assert.Equal(FetchFailureKind.BinaryContent, failure.Kind);
    }

    [Fact]
    public async Task Robots_disallow_is_honoured_for_the_bot_and_costs_no_request()
    {
        Site.Map("/robots.txt", SiteResponse.Text("User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n"));
        Site.Map("/private/report", SiteResponse.Html("<p>secret</p>"));
        Site.Map("/public", SiteResponse.Html("<p>open</p>"));

        var failure = await FailsAsync(Site.Url("/private/report"));
        await FetchAsync(Site.Url("/public"));

        Assert.Equal(FetchFailureKind.RobotsDisallowed, failure.Kind);
        Assert.Contains("robots.txt", failure.Message);
        Assert.Equal(0, Site.CountOf("/private/report"));
        Assert.Equal(1, Site.CountOf("/robots.txt")); // cached per site
    }

    [Fact]
    public async Task A_redirect_into_a_disallowed_path_is_not_followed()
    {
        Site.Map("/robots.txt", SiteResponse.Text("User-agent: ChatBot\nDisallow: /private\n"));
        Site.Map("/go", SiteResponse.Redirect("/private/x"));

        var failure = await FailsAsync(Site.Url("/go"));

        Assert.Equal(FetchFailureKind.RobotsDisallowed, failure.Kind);
        Assert.Equal(0, Site.CountOf("/private/x"));
    }
}
