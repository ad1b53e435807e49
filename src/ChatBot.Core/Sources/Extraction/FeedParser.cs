using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using ChatBot.Core.Corpus;
using ChatBot.Core.Sources.Fetching;

namespace ChatBot.Core.Sources.Extraction;

/// <summary>
/// RSS 2.0 and Atom 1.0 through <c>System.ServiceModel.Syndication</c>, over an XML reader that
/// resolves nothing and expands no DTD (so XXE and "billion laughs" feeds fail as malformed
/// instead of reading files or eating memory); JSON Feed 1.x through System.Text.Json.
/// </summary>
public static class FeedParser
{
    /// <exception cref="FetchFailedException">Kind <see cref="FetchFailureKind.Malformed"/>, with the parser's reason.</exception>
    public static ParsedFeed Parse(byte[] body, BodyKind kind, Uri baseUrl)
    {
        try
        {
            return kind == BodyKind.Json ? ParseJson(body, baseUrl) : ParseXml(body, baseUrl);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"malformed feed at {baseUrl}: {ex.Message}", ex);
        }
    }

    private static ParsedFeed ParseXml(byte[] body, Uri baseUrl)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = body.LongLength * 2 + 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var stream = new MemoryStream(body, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        reader.MoveToContent();
        SyndicationFeedFormatter formatter = new Rss20FeedFormatter();
        if (!formatter.CanRead(reader))
        {
            formatter = new Atom10FeedFormatter();
            if (!formatter.CanRead(reader))
            {
                throw new FormatException($"not an RSS 2.0 or Atom 1.0 feed (root element <{reader.LocalName}>)");
            }
        }
        // Real feeds carry dates in every format; an unreadable one costs the date, not the feed.
        formatter.DateTimeParser = (XmlDateTimeData data, out DateTimeOffset value) =>
        {
            value = ParseDate(data.DateTimeString) ?? DateTimeOffset.MinValue;
            return true;
        };
        formatter.ReadFrom(reader);
        var feed = formatter.Feed;

        var items = new List<FeedItem>();
        foreach (var item in feed.Items)
        {
            var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.GetAbsoluteUri()
                ?? item.Links.FirstOrDefault()?.GetAbsoluteUri();
            if (link is null && Uri.TryCreate(item.Id, UriKind.Absolute, out var id) && id.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                link = id;
            }
            if (link is not null && !link.IsAbsoluteUri)
            {
                link = new Uri(baseUrl, link);
            }
            var contentHtml = (item.Content as TextSyndicationContent)?.Text;
            var summaryHtml = item.Summary?.Text ?? contentHtml ?? "";
            items.Add(new FeedItem(
                TextNormalizer.CollapseWhitespace(item.Title?.Text ?? ""),
                link,
                NullIfMin(item.PublishDate),
                NullIfMin(item.LastUpdatedTime),
                PlainText(summaryHtml, baseUrl),
                contentHtml,
                item.Categories.Select(c => c.Name ?? c.Label).OfType<string>().ToList()));
        }
        return new ParsedFeed(feed.Title?.Text, feed.Language, items);
    }

    private static ParsedFeed ParseJson(byte[] body, Uri baseUrl)
    {
        using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var itemsElement) || itemsElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("not a JSON Feed (no 'items' array)");
        }
        string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var items = new List<FeedItem>();
        foreach (var item in itemsElement.EnumerateArray())
        {
            var url = Str(item, "url") ?? Str(item, "external_url");
            var link = url is not null && Uri.TryCreate(baseUrl, url, out var u) ? u : null;
            var html = Str(item, "content_html");
            var text = Str(item, "content_text");
            var tags = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            items.Add(new FeedItem(
                TextNormalizer.CollapseWhitespace(Str(item, "title") ?? ""),
                link,
                ParseDate(Str(item, "date_published")),
                ParseDate(Str(item, "date_modified")),
                Str(item, "summary") ?? text ?? PlainText(html ?? "", baseUrl),
                html ?? (text is null ? null : string.Join("", text.Split('\n').Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>"))),
                tags));
        }
        return new ParsedFeed(Str(root, "title"), Str(root, "language"), items);
    }

    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        // RFC 822 with a zone name .NET does not know ("Fri, 28 Nov 2025 09:00:00 KST"): keep the day.
        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && DateTimeOffset.TryParse(string.Join(' ', parts.Take(parts.Length - 1)), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return value;
        }
        return DateText.FindFirst(trimmed) is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
    }

    private static DateTimeOffset? NullIfMin(DateTimeOffset value) => value == DateTimeOffset.MinValue || value.Year < 1900 ? null : value;

    private static string PlainText(string html, Uri baseUrl) =>
        html.Length == 0 ? "" : TextNormalizer.CollapseWhitespace(GuardedHtml.TextOf(html, baseUrl));
}
