using System.Data.Common;
using ChatBot.Core.Sources;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore : ISourceStateStore
{
    async Task<IReadOnlyList<SourceState>> ISourceStateStore.ListStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            "SELECT source_id, last_fetch_at, last_outcome, last_reason, items, failure_streak, next_fetch_at, etag, last_modified FROM source_state ORDER BY source_id",
            r => new SourceState(
                r.GetString(0),
                FromDbNullable(r, 1),
                GetStringOrNull(r, 2) is { } outcome && Enum.TryParse<FetchOutcome>(outcome, out var parsed) ? parsed : null,
                GetStringOrNull(r, 3),
                r.GetInt32(4),
                r.GetInt32(5),
                FromDbNullable(r, 6),
                GetStringOrNull(r, 7),
                GetStringOrNull(r, 8)),
            cancellationToken);
    }

    /// <summary>The condition of every write made under a fetch claim: still this holder's, and not run out by the store's clock.</summary>
    private string FetchHeldBy => $"lease_holder = @h AND lease_until > {StoreNow}";

    async Task<bool> ISourceStateStore.CompleteFetchAsync(SourceState state, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // The row exists: the claim inserted it.
        return await ExecuteAsync(connection, null,
            $"""
            UPDATE source_state SET
                last_fetch_at = @at, last_outcome = @outcome, last_reason = @reason, items = @items, failure_streak = @streak,
                next_fetch_at = @next, etag = @etag, last_modified = @modified, lease_until = NULL, lease_holder = NULL
            WHERE source_id = @id AND {FetchHeldBy}
            """,
            cancellationToken, ("@h", holder), StoreClock,
            ("@id", state.SourceId), ("@at", state.LastFetchAt is { } at ? ToDb(at) : null), ("@outcome", state.LastOutcome?.ToString()),
            ("@reason", state.LastReason), ("@items", state.Items), ("@streak", state.FailureStreak),
            ("@next", state.NextFetchAt is { } next ? ToDb(next) : null), ("@etag", state.ETag), ("@modified", state.LastModified)) == 1;
    }

    async Task<StoredSourceDocument?> ISourceStateStore.FindDocumentAsync(string url, CancellationToken cancellationToken) =>
        await FindSourceDocumentAsync("url = @key", url, cancellationToken);

    async Task<StoredSourceDocument?> ISourceStateStore.FindDocumentByHashAsync(string contentHash, CancellationToken cancellationToken) =>
        await FindSourceDocumentAsync("content_hash = @key", contentHash, cancellationToken);

    private async Task<StoredSourceDocument?> FindSourceDocumentAsync(string where, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"SELECT url, source_id, relative_path, content_hash, version, etag, last_modified, first_stored, last_stored FROM source_documents WHERE {where} ORDER BY first_stored LIMIT 1",
            ReadSourceDocument, cancellationToken, ("@key", key));
        return rows.FirstOrDefault();
    }

    private static StoredSourceDocument ReadSourceDocument(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), GetStringOrNull(r, 4), GetStringOrNull(r, 5),
        GetStringOrNull(r, 6), FromDb(r.GetInt64(7)), FromDb(r.GetInt64(8)));

    async Task<bool> ISourceStateStore.SaveDocumentAsync(StoredSourceDocument document, string? claimHolder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Fenced in the same statement: a fetch whose claim was lost (its worker paused past it,
        // another worker fetching now) cannot overwrite what the new holder stores.
        var fence = claimHolder is null ? "1 = 1" : $"EXISTS (SELECT 1 FROM source_state WHERE source_id = @source AND {FetchHeldBy})";
        return await ExecuteAsync(connection, null,
            $"""
            INSERT INTO source_documents (url, source_id, relative_path, content_hash, version, etag, last_modified, first_stored, last_stored, content)
            SELECT @url, @source, @path, @hash, @version, @etag, @modified, @first, @last, @content WHERE {fence}
            ON CONFLICT (url) DO UPDATE SET
                source_id = excluded.source_id, relative_path = excluded.relative_path, content_hash = excluded.content_hash,
                version = excluded.version, etag = excluded.etag, last_modified = excluded.last_modified, last_stored = excluded.last_stored,
                content = COALESCE(excluded.content, source_documents.content)
            """,
            cancellationToken,
            ("@url", document.Url), ("@source", document.SourceId), ("@path", document.RelativePath), ("@hash", document.ContentHash),
            ("@version", document.Version), ("@etag", document.ETag), ("@modified", document.LastModified),
            ("@first", ToDb(document.FirstStored)), ("@last", ToDb(document.LastStored)), ("@content", document.Content),
            ("@h", claimHolder), StoreClock) == 1;
    }

    async Task<IReadOnlyDictionary<string, int>> ISourceStateStore.CountDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, "SELECT source_id, COUNT(*) FROM source_documents GROUP BY source_id",
            r => (Id: r.GetString(0), Count: r.GetInt32(1)), cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Count, StringComparer.Ordinal);
    }

    async Task<bool> ISourceStateStore.TryClaimFetchAsync(string sourceId, string holder, TimeSpan lease, DateTimeOffset now, bool dueOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO source_state (source_id, items, failure_streak) VALUES (@id, 0, 0) ON CONFLICT DO NOTHING",
            cancellationToken, ("@id", sourceId));
        // One conditional update: of several workers claiming at once, exactly one sees its row match.
        // The claim is on the store's clock; whether the fetch is due is the caller's schedule.
        return await ExecuteAsync(connection, null,
            $"""
            UPDATE source_state SET lease_until = {StoreNow} + @d, lease_holder = @h
            WHERE source_id = @id AND COALESCE(lease_until, 0) <= {StoreNow}
                AND (@due = 0 OR next_fetch_at IS NULL OR next_fetch_at <= @now)
            """,
            cancellationToken, ("@d", Millis(lease)), ("@h", holder), ("@id", sourceId), ("@now", ToDb(now)), ("@due", dueOnly ? 1 : 0), StoreClock) == 1;
    }

    async Task<bool> ISourceStateStore.RenewFetchAsync(string sourceId, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"UPDATE source_state SET lease_until = {Later("lease_until", $"{StoreNow} + @d")} WHERE source_id = @id AND {FetchHeldBy}",
            cancellationToken, ("@d", Millis(lease)), ("@id", sourceId), ("@h", holder), StoreClock) == 1;
    }

    async Task<IReadOnlyList<SourceFile>> ISourceStateStore.ListFilesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            """
            SELECT relative_path, MAX(last_stored), MAX(CASE WHEN content IS NULL THEN 0 ELSE 1 END)
            FROM source_documents GROUP BY relative_path ORDER BY relative_path
            """,
            r => new SourceFile(r.GetString(0), FromDb(r.GetInt64(1)), r.GetInt64(2) != 0), cancellationToken);
    }

    async Task<string?> ISourceStateStore.ReadFileAsync(string relativePath, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (string?)await ScalarAsync(connection, null,
            "SELECT content FROM source_documents WHERE relative_path = @path AND content IS NOT NULL ORDER BY last_stored DESC LIMIT 1",
            cancellationToken, ("@path", relativePath));
    }
}
