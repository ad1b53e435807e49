namespace ChatBot.Testing.Fakes;

/// <summary>
/// A partnership news site on a <see cref="FakeSite"/>: a feed that starts empty and one article
/// to publish, plus the settings that point a worker's source list at it (loopback allowed, no
/// politeness delay, no background fetch: tests fetch when they choose).
/// </summary>
public sealed class NewsSite(FakeSite site)
{
    public const string ArticleTitle = "EU and Korea hold the third Digital Partnership Council in Seoul";

    public const string KeySentence = "The European Union and the Republic of Korea held the third Digital Partnership Council in Seoul on 28 November 2025.";

    private string _items = "";

    public FakeSite Site { get; } = site;

    public Uri FeedUrl => Site.Url("/feed.xml");

    public Uri ArticleUrl => Site.Url("/news/third-council");

    /// <summary>Writes a source list naming the feed into <paramref name="folder"/> and returns the worker settings for it.</summary>
    public Dictionary<string, string?> Settings(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "sources.yaml");
        File.WriteAllText(path, $"sources:\n  - id: news\n    url: {FeedUrl}\n    include: [korea]\n    publisher: Example News\n");
        Site.Map("/feed.xml", _ => SiteResponse.Xml($"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{_items}</channel></rss>"""));
        return new Dictionary<string, string?>
        {
            ["ChatBot:Sources:Path"] = path,
            ["ChatBot:Sources:AllowedPrivateNetworks:0"] = "127.0.0.1/32",
            ["ChatBot:Sources:PerHostDelay"] = "00:00:00",
            ["ChatBot:Sources:RetryDelay"] = "00:00:00",
            ["ChatBot:Sources:FetchInterval"] = "00:00:00",
        };
    }

    /// <summary>Puts the article online and into the feed.</summary>
    public void PublishArticle()
    {
        Site.Map("/news/third-council", SiteResponse.Html(
            $"""
            <html lang="en"><head><title>{ArticleTitle}</title>
            <meta property="article:published_time" content="2025-11-28T10:00:00+09:00"></head>
            <body><article><h1>{ArticleTitle}</h1><p>{KeySentence}</p>
            <p>The Council was co-chaired by the Korean Minister of Science and ICT and the Executive Vice-President of the Commission.</p>
            </article></body></html>
            """, etag: "\"a1\""));
        _items =
            $"""
            <item><title>{ArticleTitle}</title><link>{ArticleUrl}</link>
              <pubDate>Fri, 28 Nov 2025 10:00:00 +0900</pubDate><description>Korea and the EU met in Seoul.</description></item>
            """;
    }
}
