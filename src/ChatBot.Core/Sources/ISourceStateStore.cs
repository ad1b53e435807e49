namespace ChatBot.Core.Sources;

public enum FetchOutcome
{
    /// <summary>Fetched and processed (possibly with nothing new).</summary>
    Fetched,

    /// <summary>The server answered 304: nothing changed, nothing was downloaded.</summary>
    NotModified,

    Failed,
}

/// <summary>What is remembered about one source between fetches.</summary>
/// <param name="ETag">Validator of the last full response, sent back as If-None-Match.</param>
/// <param name="LastModified">Sent back as If-Modified-Since.</param>
/// <param name="FailureStreak">Failed fetches in a row; drives backoff and "logged once per streak".</param>
public sealed record SourceState(
    string SourceId,
    DateTimeOffset? LastFetchAt,
    FetchOutcome? LastOutcome,
    string? LastReason,
    int Items,
    int FailureStreak,
    DateTimeOffset? NextFetchAt,
    string? ETag,
    string? LastModified)
{
    public static SourceState New(string sourceId) => new(sourceId, null, null, null, 0, 0, null, null, null);
}

/// <summary>One document stored under <c>&lt;data&gt;/sources</c>, keyed by its canonical URL.</summary>
/// <param name="RelativePath">Path under the sources folder, '/' separated.</param>
/// <param name="ContentHash">Hash of the extracted text: the same article under two URLs is stored once.</param>
/// <param name="Version">Feed item's updated date (or other marker) when it was stored; a new one means fetch again.</param>
public sealed record StoredSourceDocument(
    string Url,
    string SourceId,
    string RelativePath,
    string ContentHash,
    string? Version,
    string? ETag,
    string? LastModified,
    DateTimeOffset FirstStored,
    DateTimeOffset LastStored);

/// <summary>Fetch state and the stored-document register, persisted across restarts.</summary>
public interface ISourceStateStore
{
    Task<IReadOnlyList<SourceState>> ListStatesAsync(CancellationToken cancellationToken);

    Task SaveStateAsync(SourceState state, CancellationToken cancellationToken);

    Task<StoredSourceDocument?> FindDocumentAsync(string url, CancellationToken cancellationToken);

    Task<StoredSourceDocument?> FindDocumentByHashAsync(string contentHash, CancellationToken cancellationToken);

    Task SaveDocumentAsync(StoredSourceDocument document, CancellationToken cancellationToken);

    /// <summary>Documents stored from each source, by source id.</summary>
    Task<IReadOnlyDictionary<string, int>> CountDocumentsAsync(CancellationToken cancellationToken);
}
