namespace ChatBot.Core.Sources;

/// <summary>Fetch state and the stored-document register, persisted across restarts.</summary>
public interface ISourceStateStore
{
    Task<IReadOnlyList<SourceState>> ListStatesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a fetch's outcome and gives its claim back, only while <paramref name="holder"/>
    /// still holds the claim (by the store's clock): a worker that lost it writes nothing.
    /// </summary>
    /// <returns>False when the claim was lost and nothing was written.</returns>
    Task<bool> CompleteFetchAsync(SourceState state, string holder, CancellationToken cancellationToken);

    Task<StoredSourceDocument?> FindDocumentAsync(string url, CancellationToken cancellationToken);

    Task<StoredSourceDocument?> FindDocumentByHashAsync(string contentHash, CancellationToken cancellationToken);

    /// <summary>Registers a fetched document; with <paramref name="claimHolder"/>, only while it still holds the source's fetch claim.</summary>
    /// <returns>False when the claim was lost and nothing was written.</returns>
    Task<bool> SaveDocumentAsync(StoredSourceDocument document, string? claimHolder, CancellationToken cancellationToken);

    /// <summary>Documents stored from each source, by source id.</summary>
    Task<IReadOnlyDictionary<string, int>> CountDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the source's next fetch for <paramref name="holder"/> for <paramref name="lease"/> (on
    /// the store's clock): false when another worker holds a claim that still runs, or
    /// (<paramref name="dueOnly"/>) when it is not due by <paramref name="now"/> any more because
    /// another worker fetched it meanwhile. <see cref="CompleteFetchAsync"/> gives the claim back.
    /// </summary>
    Task<bool> TryClaimFetchAsync(string sourceId, string holder, TimeSpan lease, DateTimeOffset now, bool dueOnly, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s fetch claim to <paramref name="lease"/> from now (never shortens it).</summary>
    /// <returns>False when the claim is lost (another worker took the fetch over, or it ran out): store nothing more.</returns>
    Task<bool> RenewFetchAsync(string sourceId, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Every file the register names.</summary>
    Task<IReadOnlyList<SourceFile>> ListFilesAsync(CancellationToken cancellationToken);

    /// <summary>The latest text stored for the file, or null.</summary>
    Task<string?> ReadFileAsync(string relativePath, CancellationToken cancellationToken);
}
