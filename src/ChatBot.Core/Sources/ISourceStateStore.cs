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
    DateTimeOffset LastStored)
{
    /// <summary>
    /// The file's text as written, so other workers can write the same file; null when not known
    /// (a register row only pointing at another row's file, or a row read without its text).
    /// Saving a row with null keeps the text already stored.
    /// </summary>
    public string? Content { get; init; }
}

/// <summary>A stored document's file as the register knows it, for workers that did not fetch it themselves.</summary>
/// <param name="Version">Changes whenever the file's text does (the time it was last stored).</param>
/// <param name="HasText">False for files stored before the register kept their text.</param>
public sealed record SourceFile(string RelativePath, DateTimeOffset Version, bool HasText);

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

    /// <summary>
    /// Takes the source's next fetch for this worker until <paramref name="leaseUntil"/>: false when
    /// another worker holds it, or (<paramref name="dueOnly"/>) when it is not due any more because
    /// another worker fetched it meanwhile. Saving the source's state gives the claim back.
    /// </summary>
    Task<bool> TryClaimFetchAsync(string sourceId, DateTimeOffset now, DateTimeOffset leaseUntil, bool dueOnly, CancellationToken cancellationToken);

    /// <summary>Every file the register names.</summary>
    Task<IReadOnlyList<SourceFile>> ListFilesAsync(CancellationToken cancellationToken);

    /// <summary>The latest text stored for the file, or null.</summary>
    Task<string?> ReadFileAsync(string relativePath, CancellationToken cancellationToken);
}
