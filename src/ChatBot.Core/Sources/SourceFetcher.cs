using ChatBot.Core.Sources.Extraction;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Core.Sources.Storing;

namespace ChatBot.Core.Sources;

/// <summary>
/// Fetches one source: a feed (each kept item's page, fetched conditionally, or the item's own
/// content when its page cannot be read) or a single page, and stores what is new or changed.
/// Items that leave a feed are not touched: what was published stays citable.
/// </summary>
public sealed class SourceFetcher(WebFetcher web, PageExtractor extractor, SourceDocumentStore documents, Microsoft.Extensions.Options.IOptions<SourceOptions> options)
{
    /// <exception cref="FetchFailedException">The source itself (feed or page) could not be fetched or read.</exception>
    /// <exception cref="SourceClaimLostException">The store refused a document because <paramref name="claimHolder"/> no longer holds the source's fetch.</exception>
    /// <param name="claimHolder">The holder of the source's fetch claim: every document is stored only while it still holds it (null: no claim, e.g. a single worker's tool).</param>
    public async Task<(SourceFetchResult Result, string? ETag, string? LastModified)> FetchAsync(SourceDefinition source, SourceState state, string? claimHolder, CancellationToken cancellationToken)
    {
        var response = await web.FetchAsync(new FetchRequest(source.Url, state.ETag, state.LastModified), cancellationToken);
        if (response.NotModified)
        {
            return (new SourceFetchResult(source.Id, FetchOutcome.NotModified, "not modified (304)", null, 0, 0, 0, 0), state.ETag, state.LastModified);
        }
        var counts = new Counts();
        if (source.Kind == SourceKind.Page)
        {
            var page = extractor.Extract(response);
            if (source.Matches(page.Title, string.Join("\n", page.Blocks.Select(b => b.Text))))
            {
                counts.Add(await documents.SaveAsync(source, page, Key(source.Url), null, response.ETag, response.LastModified, claimHolder, cancellationToken));
            }
            else
            {
                counts.Filtered++;
            }
        }
        else
        {
            await FetchItemsAsync(source, response, counts, claimHolder, cancellationToken);
        }
        var result = new SourceFetchResult(source.Id, FetchOutcome.Fetched, counts.Describe(), null, counts.Added, counts.Updated, counts.Unchanged, counts.Failed);
        // With items left to retry, the feed must be read again next time, not answered with a 304.
        return counts.Failed > 0 ? (result, null, null) : (result, response.ETag, response.LastModified);
    }

    private async Task FetchItemsAsync(SourceDefinition source, FetchResponse response, Counts counts, string? claimHolder, CancellationToken cancellationToken)
    {
        if (response.Kind is not (BodyKind.Xml or BodyKind.Json))
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"malformed feed at {response.FinalUrl}: got {response.MediaType ?? "an unknown type"}, not RSS, Atom or JSON Feed");
        }
        var feed = FeedParser.Parse(response.Body, response.Kind, response.FinalUrl);
        var items = feed.Items
            .Where(i => i.Link is not null && source.Matches(i.Title, i.Summary, string.Join(" ", i.Categories)))
            .OrderByDescending(i => i.Published ?? i.Updated ?? DateTimeOffset.MinValue)
            .Take(options.Value.MaxItemsPerFeed)
            .ToList();
        counts.Filtered = feed.Items.Count - items.Count;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Key(item.Link!);
            var version = (item.Updated ?? item.Published)?.ToString("O");
            var known = await documents.FindAsync(key, cancellationToken);
            if (known is not null && version is not null && known.Version == version)
            {
                counts.Unchanged++;
                continue;
            }
            try
            {
                counts.Add(await FetchItemAsync(source, item, key, version, known, claimHolder, cancellationToken));
            }
            catch (FetchFailedException ex)
            {
                counts.Failed++;
                counts.LastFailure = ex.Message;
            }
        }
    }

    private async Task<StoreResult> FetchItemAsync(SourceDefinition source, FeedItem item, string key, string? version, StoredSourceDocument? known, string? claimHolder, CancellationToken cancellationToken)
    {
        ExtractedPage page;
        string? etag = null;
        string? lastModified = null;
        try
        {
            var response = await web.FetchAsync(new FetchRequest(item.Link!, known?.ETag, known?.LastModified), cancellationToken);
            if (response.NotModified && known is not null)
            {
                await documents.TouchAsync(known with { Version = version }, claimHolder, cancellationToken);
                return StoreResult.Unchanged;
            }
            page = extractor.Extract(response, item.Title, item.Published ?? item.Updated);
            etag = response.ETag;
            lastModified = response.LastModified;
        }
        catch (FetchFailedException ex) when (ex.Kind is not (FetchFailureKind.Unreachable or FetchFailureKind.Timeout or FetchFailureKind.CircuitOpen)
            && (item.ContentHtml is not null || item.Summary.Length >= 80))
        {
            // The page is off limits or unreadable, but the feed carries the text: cite the item itself.
            page = extractor.FromFeedItem(item, item.Link!);
        }
        if (!source.Matches(page.Title, item.Summary, string.Join("\n", page.Blocks.Select(b => b.Text))))
        {
            return StoreResult.Unchanged;
        }
        return await documents.SaveAsync(source, page, key, version, etag, lastModified, claimHolder, cancellationToken);
    }

    /// <summary>The register key of a URL: no fragment, no tracking parameters.</summary>
    public static string Key(Uri url)
    {
        var builder = new UriBuilder(url) { Fragment = "" };
        if (builder.Query.Length > 1)
        {
            var kept = builder.Query.TrimStart('?').Split('&')
                .Where(p => !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("fbclid=", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("gclid=", StringComparison.OrdinalIgnoreCase));
            builder.Query = string.Join('&', kept);
        }
        return builder.Uri.AbsoluteUri;
    }

    private sealed class Counts
    {
        public int Added { get; private set; }

        public int Updated { get; private set; }

        public int Unchanged { get; set; }

        public int Failed { get; set; }

        public int Filtered { get; set; }

        public string? LastFailure { get; set; }

        public void Add(StoreResult result)
        {
            switch (result)
            {
                case StoreResult.Added:
                    Added++;
                    break;
                case StoreResult.Updated:
                    Updated++;
                    break;
                default:
                    Unchanged++;
                    break;
            }
        }

        public string Describe()
        {
            var text = $"{Added} new, {Updated} updated, {Unchanged} unchanged";
            if (Filtered > 0)
            {
                text += $", {Filtered} not matching the keywords";
            }
            if (Failed > 0)
            {
                text += $", {Failed} item(s) failed (last: {LastFailure})";
            }
            return text;
        }
    }
}
