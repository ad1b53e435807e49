namespace ChatBot.Core.Sources;

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
