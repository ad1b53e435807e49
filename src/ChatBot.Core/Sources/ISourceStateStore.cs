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
}
