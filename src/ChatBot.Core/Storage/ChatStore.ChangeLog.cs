using System.Globalization;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    async Task<IReadOnlyList<DocumentChange>> ICorpusChangeLog.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            "SELECT document_id, content_hash, first_seen, last_changed, removed_at FROM corpus_changes ORDER BY document_id",
            r => new DocumentChange(r.GetString(0), r.GetString(1), FromDb(r.GetInt64(2)), FromDb(r.GetInt64(3)), FromDbNullable(r, 4)),
            cancellationToken);
    }

    async Task<DateTimeOffset?> ICorpusChangeLog.LastSyncedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null, "SELECT value FROM store_meta WHERE key = 'corpus_synced_at'", cancellationToken);
        return value is null ? null : FromDb(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    async Task ICorpusChangeLog.ApplyAsync(IReadOnlyList<DocumentChange> changes, DateTimeOffset syncedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var change in changes)
        {
            await ExecuteAsync(connection, transaction,
                """
                INSERT INTO corpus_changes (document_id, content_hash, first_seen, last_changed, removed_at)
                VALUES (@id, @hash, @first, @last, @removed)
                ON CONFLICT (document_id) DO UPDATE SET
                    content_hash = excluded.content_hash, first_seen = excluded.first_seen,
                    last_changed = excluded.last_changed, removed_at = excluded.removed_at
                """,
                cancellationToken,
                ("@id", change.DocumentId), ("@hash", change.ContentHash), ("@first", ToDb(change.FirstSeen)),
                ("@last", ToDb(change.LastChanged)), ("@removed", change.RemovedAt is { } removed ? ToDb(removed) : null));
        }
        await ExecuteAsync(connection, transaction,
            "INSERT INTO store_meta (key, value) VALUES ('corpus_synced_at', @at) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@at", ToDb(syncedAt).ToString(CultureInfo.InvariantCulture)));
        await transaction.CommitAsync(cancellationToken);
    }
}
