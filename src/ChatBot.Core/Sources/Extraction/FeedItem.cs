namespace ChatBot.Core.Sources.Extraction;

/// <summary>One entry of a feed.</summary>
/// <param name="Summary">Plain text of the item's summary or content (HTML stripped).</param>
/// <param name="ContentHtml">Full content when the feed carries it; used when the linked page cannot be read.</param>
public sealed record FeedItem(
    string Title,
    Uri? Link,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string Summary,
    string? ContentHtml,
    IReadOnlyList<string> Categories);
