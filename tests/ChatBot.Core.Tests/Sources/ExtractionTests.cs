using System.Text;
using ChatBot.Core.Sources.Extraction;
using ChatBot.Core.Sources.Fetching;

namespace ChatBot.Core.Tests.Sources;

public sealed class ExtractionTests
{
    private static readonly Uri Base = new("https://news.example.org/feed");

    private static ParsedFeed Parse(string text, BodyKind kind = BodyKind.Xml) => FeedParser.Parse(Encoding.UTF8.GetBytes(text), kind, Base);

    [Fact]
    public void Rss_items_keep_title_link_date_and_summary()
    {
        var feed = Parse(
            """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>News</title><language>en</language>
              <item><title>Third council in Seoul</title><link>https://news.example.org/third</link>
                <pubDate>Fri, 28 Nov 2025 09:00:00 +0900</pubDate><description>&lt;p&gt;The &lt;b&gt;third&lt;/b&gt; council.&lt;/p&gt;</description>
                <category>digital</category></item>
              <item><title>Odd date</title><link>/relative</link><pubDate>sometime soon</pubDate></item>
            </channel></rss>
            """);

        Assert.Equal("en", feed.Language);
        var item = feed.Items[0];
        Assert.Equal(("Third council in Seoul", new Uri("https://news.example.org/third")), (item.Title, item.Link));
        Assert.Equal(new DateTimeOffset(2025, 11, 28, 9, 0, 0, TimeSpan.FromHours(9)), item.Published);
        Assert.Equal("The third council.", item.Summary);
        Assert.Equal(["digital"], item.Categories);
        Assert.Null(feed.Items[1].Published); // an unreadable date costs the date, not the feed
    }

    [Fact]
    public void Atom_and_json_feeds_are_read()
    {
        var atom = Parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2025-07-17T10:00:00Z</updated>
              <entry><title>Horizon Europe association signed</title><id>urn:1</id><link href="https://news.example.org/horizon"/>
                <updated>2025-07-18T10:00:00Z</updated><published>2025-07-17T10:00:00Z</published><summary>Signed in Brussels.</summary></entry>
            </feed>
            """);
        var json = Parse(
            """{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://news.example.org/dta","title":"Digital Trade Agreement signed","content_text":"Signed on 10 June 2026.","date_published":"2026-06-10T12:00:00+02:00"}]}""",
            BodyKind.Json);

        Assert.Equal(new Uri("https://news.example.org/horizon"), atom.Items[0].Link);
        Assert.Equal(new DateTimeOffset(2025, 7, 18, 10, 0, 0, TimeSpan.Zero), atom.Items[0].Updated);
        Assert.Equal("Digital Trade Agreement signed", json.Items[0].Title);
        Assert.Equal("Signed on 10 June 2026.", json.Items[0].Summary);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>""")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><rss version="2.0"><channel><title>&lol4;</title></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><title>unclosed</channel>""")]
    [InlineData("""<html><body>not a feed</body></html>""")]
    [InlineData("""{"items": "nope"}""")]
    public void Hostile_or_broken_feeds_fail_as_malformed(string text)
    {
        var failure = Assert.Throws<FetchFailedException>(() => Parse(text, text.StartsWith('{') ? BodyKind.Json : BodyKind.Xml));
        Assert.Equal(FetchFailureKind.Malformed, failure.Kind);
        Assert.DoesNotContain("root:", failure.Message); // nothing of /etc/passwd leaks into a reason
    }

    private static FetchResponse Page(string html, string url = "https://news.example.org/articles/third-council") =>
        new(new Uri(url), false, Encoding.UTF8.GetBytes(html), BodyKind.Html, "text/html", "utf-8", null, null);

    private const string Article =
        """
        <html lang="en-GB"><head><title>Third council | News site</title>
        <meta property="og:title" content="EU and Korea hold the third Digital Partnership Council">
        <link rel="canonical" href="https://news.example.org/third-council">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2025-11-28T10:00:00+09:00"}]}</script>
        </head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <article><h1>EU and Korea hold the third Digital Partnership Council</h1>
        <p>The European Union and the Republic of Korea held the third Digital Partnership Council in Seoul on 28 November 2025, reviewing cooperation on semiconductors, artificial intelligence and quantum technologies.</p>
        <p>The Council was co-chaired by the Korean Minister of Science and ICT and the Executive Vice-President of the European Commission, who agreed to deepen joint research.</p>
        <p>Share this</p><p>Read our other stories about something else entirely.</p></article>
        <footer>Copyright News site</footer></body></html>
        """;

    [Fact]
    public void A_page_gives_its_main_text_title_canonical_url_date_and_language()
    {
        var page = new PageExtractor().Extract(Page(Article));

        Assert.Equal("EU and Korea hold the third Digital Partnership Council", page.Title);
        Assert.Equal(new Uri("https://news.example.org/third-council"), page.Url);
        Assert.Equal(new DateOnly(2025, 11, 28), page.Date);
        Assert.Equal("en-gb", page.Language);
        var text = string.Join("\n", page.Blocks.Select(b => b.Text));
        Assert.Contains("held the third Digital Partnership Council in Seoul on 28 November 2025", text);
        Assert.DoesNotContain("Home", text);
        Assert.DoesNotContain("other stories", text); // cut at the "Share this" boilerplate marker
        Assert.DoesNotContain("Copyright", text);
    }

    [Fact]
    public void A_canonical_link_to_another_site_is_ignored()
    {
        var page = new PageExtractor().Extract(Page(Article.Replace("https://news.example.org/third-council", "https://victim.example.com/official")));

        Assert.Equal(new Uri("https://news.example.org/articles/third-council"), page.Url);
    }

    [Fact]
    public void Published_time_meta_and_a_dateline_give_the_date()
    {
        var meta = new PageExtractor().Extract(Page(Article.Replace("\"datePublished\":\"2025-11-28T10:00:00+09:00\"", "\"x\":1")
            .Replace("<link rel=\"canonical\"", "<meta property=\"article:published_time\" content=\"2025-11-27T22:00:00-05:00\"><link rel=\"canonical\"")));
        var dateline = new PageExtractor().Extract(Page(Article.Replace("\"datePublished\":\"2025-11-28T10:00:00+09:00\"", "\"x\":1")
            .Replace("<h1>", "<p>Seoul, 29 November 2025</p><h1>")));

        Assert.Equal(new DateOnly(2025, 11, 27), meta.Date); // the publisher's own day, not shifted to UTC
        Assert.Equal(new DateOnly(2025, 11, 29), dateline.Date);
    }

    [Fact]
    public void A_page_without_text_is_malformed()
    {
        var failure = Assert.Throws<FetchFailedException>(() => new PageExtractor().Extract(Page("<html><body><nav>Menu</nav></body></html>")));
        Assert.Equal(FetchFailureKind.Malformed, failure.Kind);
    }
}
