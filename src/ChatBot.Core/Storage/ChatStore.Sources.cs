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

    async Task ISourceStateStore.SaveStateAsync(SourceState state, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            """
            INSERT INTO source_state (source_id, last_fetch_at, last_outcome, last_reason, items, failure_streak, next_fetch_at, etag, last_modified)
            VALUES (@id, @at, @outcome, @reason, @items, @streak, @next, @etag, @modified)
            ON CONFLICT (source_id) DO UPDATE SET
                last_fetch_at = excluded.last_fetch_at, last_outcome = excluded.last_outcome, last_reason = excluded.last_reason,
                items = excluded.items, failure_streak = excluded.failure_streak, next_fetch_at = excluded.next_fetch_at,
                etag = excluded.etag, last_modified = excluded.last_modified, lease_until = NULL
            """,
            cancellationToken,
            ("@id", state.SourceId), ("@at", state.LastFetchAt is { } at ? ToDb(at) : null), ("@outcome", state.LastOutcome?.ToString()),
            ("@reason", state.LastReason), ("@items", state.Items), ("@streak", state.FailureStreak),
            ("@next", state.NextFetchAt is { } next ? ToDb(next) : null), ("@etag", state.ETag), ("@modified", state.LastModified));
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

    async Task ISourceStateStore.SaveDocumentAsync(StoredSourceDocument document, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            """
            INSERT INTO source_documents (url, source_id, relative_path, content_hash, version, etag, last_modified, first_stored, last_stored, content)
            VALUES (@url, @source, @path, @hash, @version, @etag, @modified, @first, @last, @content)
            ON CONFLICT (url) DO UPDATE SET
                source_id = excluded.source_id, relative_path = excluded.relative_path, content_hash = excluded.content_hash,
                version = excluded.version, etag = excluded.etag, last_modified = excluded.last_modified, last_stored = excluded.last_stored,
                content = COALESCE(excluded.content, source_documents.content)
            """,
            cancellationToken,
            ("@url", document.Url), ("@source", document.SourceId), ("@path", document.RelativePath), ("@hash", document.ContentHash),
            ("@version", document.Version), ("@etag", document.ETag), ("@modified", document.LastModified),
            ("@first", ToDb(document.FirstStored)), ("@last", ToDb(document.LastStored)), ("@content", document.Content));
    }

    async Task<IReadOnlyDictionary<string, int>> ISourceStateStore.CountDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, "SELECT source_id, COUNT(*) FROM source_documents GROUP BY source_id",
            r => (Id: r.GetString(0), Count: r.GetInt32(1)), cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Count, StringComparer.Ordinal);
    }

    async Task<bool> ISourceStateStore.TryClaimFetchAsync(string sourceId, DateTimeOffset now, DateTimeOffset leaseUntil, bool dueOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO source_state (source_id, items, failure_streak) VALUES (@id, 0, 0) ON CONFLICT DO NOTHING",
            cancellationToken, ("@id", sourceId));
        // One conditional update: of several workers claiming at once, exactly one sees its row match.
        return await ExecuteAsync(connection, null,
            """
            UPDATE source_state SET lease_until = @lease
            WHERE source_id = @id AND COALESCE(lease_until, 0) <= @now
                AND (@due = 0 OR next_fetch_at IS NULL OR next_fetch_at <= @now)
            """,
            cancellationToken, ("@lease", ToDb(leaseUntil)), ("@id", sourceId), ("@now", ToDb(now)), ("@due", dueOnly ? 1 : 0)) == 1;
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
