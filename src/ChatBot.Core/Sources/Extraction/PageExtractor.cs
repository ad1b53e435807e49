using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using ChatBot.Core.Corpus;
using ChatBot.Core.Sources.Fetching;
using SmartReader;

namespace ChatBot.Core.Sources.Extraction;

/// <summary>
/// Turns a fetched HTML page, PDF or text into an <see cref="ExtractedPage"/>: main content through
/// SmartReader (a port of Mozilla's Readability), PDFs through the corpus PDF reader (PdfPig),
/// then the same boilerplate cut as corpus files. The date is the first of
/// <c>article:published_time</c>, JSON-LD <c>datePublished</c>, Readability's date, the feed
/// item's date and a dateline in the text.
/// </summary>
public sealed class PageExtractor
{
    private static readonly HtmlDocumentReader BlockReader = new();
    private static readonly PdfDocumentReader PdfReader = new();

    /// <param name="fallbackDate">The feed item's date, used when the page states none.</param>
    /// <exception cref="FetchFailedException">Kind <see cref="FetchFailureKind.Malformed"/> when nothing readable is left.</exception>
    public ExtractedPage Extract(FetchResponse response, string? fallbackTitle = null, DateTimeOffset? fallbackDate = null)
    {
        var page = response.Kind switch
        {
            BodyKind.Html => FromHtml(Decode(response), response.FinalUrl, fallbackDate),
            BodyKind.Pdf => FromPdf(response.Body, response.FinalUrl),
            BodyKind.Text => FromBlocks(new TextDocumentReader().Read(Utf8(response)), response.FinalUrl),
            _ => throw new FetchFailedException(FetchFailureKind.Malformed, $"{response.FinalUrl} is {response.MediaType}, not a page"),
        };
        var blocks = Boilerplate.CutAtFirstMarker(page.Blocks);
        if (blocks.Count == 0 || blocks.Sum(b => b.Text.Length) < 40)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"no readable text at {response.FinalUrl}");
        }
        var title = page.Title.Length > 0 ? page.Title : fallbackTitle is { Length: > 0 } t ? t : blocks[0].Text;
        var date = page.Date
            ?? (fallbackDate is { } d ? DateOnly.FromDateTime(d.DateTime) : (DateOnly?)null)
            ?? DateText.FindFirst(string.Join(" ", blocks.Take(5).Select(b => b.Text)));
        return page with { Title = Truncate(TextNormalizer.CollapseWhitespace(title), 300), Date = date, Blocks = blocks };
    }

    /// <summary>A feed item's own content, for items whose page cannot be fetched or read.</summary>
    public ExtractedPage FromFeedItem(FeedItem item, Uri url)
    {
        var html = item.ContentHtml ?? "<p>" + System.Net.WebUtility.HtmlEncode(item.Summary) + "</p>";
        GuardedHtml.Parse(html, url); // refuses content the block reader could not walk safely
        var blocks = Boilerplate.CutAtFirstMarker(BlockReader.Read(Encoding.UTF8.GetBytes("<html><body>" + html + "</body></html>")).Blocks);
        if (blocks.Sum(b => b.Text.Length) < 40)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"no readable text in the feed item {url}");
        }
        var date = item.Published ?? item.Updated;
        return new ExtractedPage(
            Truncate(item.Title.Length > 0 ? item.Title : blocks[0].Text, 300),
            url,
            date is { } d ? DateOnly.FromDateTime(d.DateTime) : DateText.FindFirst(string.Join(" ", blocks.Take(5).Select(b => b.Text))),
            null,
            null,
            blocks);
    }

    private static ExtractedPage FromHtml(string html, Uri url, DateTimeOffset? fallbackDate)
    {
        var document = GuardedHtml.Parse(html, url);
        string? Meta(params string[] names)
        {
            foreach (var name in names)
            {
                var value = document.QuerySelector($"meta[property='{name}'], meta[name='{name}'], meta[itemprop='{name}']")?.GetAttribute("content")?.Trim();
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }
            }
            return null;
        }

        var article = ReadArticle(url, html);
        var contentHtml = article is { IsReadable: true, Content.Length: > 0 } ? article.Content : document.Body?.InnerHtml ?? "";
        var blocks = BlockReader.Read(Encoding.UTF8.GetBytes("<html><body><article>" + contentHtml + "</article></body></html>")).Blocks;

        var date = DayOf(Meta("article:published_time", "og:published_time", "datePublished", "dc.date", "dcterms.date", "date"))
            ?? DayOf(JsonLdDatePublished(document))
            ?? DayOf(document.QuerySelector("time[datetime]")?.GetAttribute("datetime"))
            ?? (article?.PublicationDate is { } published ? DateOnly.FromDateTime(published) : null);
        var title = Meta("og:title") ?? article?.Title ?? document.Title ?? "";
        var language = document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang
            : Meta("og:locale")?.Replace('_', '-') ?? (article?.Language is { Length: > 0 } l ? l : null);
        return new ExtractedPage(
            TextNormalizer.CollapseWhitespace(title),
            Canonical(document, url),
            date,
            NormalizeLanguage(language),
            Meta("author") ?? (article?.Byline is { Length: > 0 } byline ? TextNormalizer.CollapseWhitespace(byline) : null),
            blocks);
    }

    private static Article? ReadArticle(Uri url, string html)
    {
        try
        {
            // Bounded work on hostile markup; the page is already size-limited.
            var reader = new Reader(url.ToString(), html) { MaxElemsToParse = 50_000, Debug = false };
            return reader.GetArticle();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Readability failing on odd markup is not fatal: the whole body is read instead.
            return null;
        }
    }

    private static ExtractedPage FromPdf(byte[] body, Uri url)
    {
        try
        {
            return FromBlocks(PdfReader.Read(body), url);
        }
        catch (DocumentLoadException ex)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"{url}: {ex.Message}", ex);
        }
    }

    private static ExtractedPage FromBlocks(ExtractedDocument document, Uri url) =>
        new(document.Meta.Title ?? "", url, document.Meta.Date, document.Meta.Language, document.Meta.Author, document.Blocks);

    /// <summary>The page's canonical link when it stays on the fetched site; a page cannot claim another site's address.</summary>
    private static Uri Canonical(IHtmlDocument document, Uri url)
    {
        var href = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href")
            ?? document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");
        if (href is not null && Uri.TryCreate(url, href.Trim(), out var canonical)
            && (canonical.Scheme == Uri.UriSchemeHttp || canonical.Scheme == Uri.UriSchemeHttps)
            && SameSite(canonical.Host, url.Host))
        {
            return canonical;
        }
        return url;
    }

    private static bool SameSite(string a, string b) =>
        string.Equals(Bare(a), Bare(b), StringComparison.OrdinalIgnoreCase);

    private static string Bare(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    private static string? JsonLdDatePublished(IHtmlDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
                if (Find(json.RootElement, 0) is { } found)
                {
                    return found;
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; other date sources remain.
            }
        }
        return null;

        static string? Find(JsonElement element, int depth)
        {
            if (depth > 8)
            {
                return null;
            }
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    if (element.TryGetProperty("datePublished", out var date) && date.ValueKind == JsonValueKind.String)
                    {
                        return date.GetString();
                    }
                    foreach (var property in element.EnumerateObject())
                    {
                        if (Find(property.Value, depth + 1) is { } nested)
                        {
                            return nested;
                        }
                    }
                    return null;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Find(item, depth + 1) is { } nested)
                        {
                            return nested;
                        }
                    }
                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>The calendar day as the publisher wrote it (its own offset), not shifted to UTC.</summary>
    private static DateOnly? DayOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.Length >= 10 && DateOnly.TryParseExact(trimmed[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        return FeedParser.ParseDate(trimmed) is { } moment ? DateOnly.FromDateTime(moment.DateTime) : null;
    }

    private static string? NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }
        var trimmed = language.Trim();
        return trimmed.Length <= 20 && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? trimmed.ToLowerInvariant() : null;
    }

    private static string Decode(FetchResponse response)
    {
        var encoding = Encoding.UTF8;
        if (response.Charset is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"', '\''));
            }
            catch (ArgumentException)
            {
                // Unknown charset label: UTF-8 is the web's default and the likeliest truth.
            }
        }
        var text = encoding.GetString(response.Body);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static byte[] Utf8(FetchResponse response) => Encoding.UTF8.GetBytes(Decode(response));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
