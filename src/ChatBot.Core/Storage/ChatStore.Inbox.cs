using System.Data.Common;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore : IInbox
{
    private const string InboxColumns = "id, platform, item_key, conversation, payload, attempts, parts_done";

    private static InboxItem ReadInboxItem(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (int)r.GetInt64(5), (int)r.GetInt64(6));

    // Every write here goes through the group commit: under load the accepts of many requests and
    // the claims, progress and completions of many replies share one transaction (one WAL sync)
    // instead of queueing for the file's write lock one by one. Each caller still returns only
    // once its own write is committed.

    async Task<bool> IInbox.TryAddAsync(string platform, string key, string conversation, string payload, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            """
            INSERT INTO inbox (platform, item_key, conversation, payload, state, received_at)
            VALUES (@p, @k, @c, @payload, 'pending', @now)
            ON CONFLICT DO NOTHING
            """,
            ("@p", platform), ("@k", key), ("@c", conversation), ("@payload", payload), ("@now", ToDb(now))), cancellationToken) == 1;

    async Task<IReadOnlyList<InboxItem>> IInbox.LeaseAsync(string platform, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }
        // A conversation's later items wait while an earlier one is unfinished (leased or deferred).
        // Pending items are walked oldest first (ix_inbox_order), so the walk stops at the first
        // free ones however long the backlog behind them.
        var rows = await WriteInBatchAsync(batch => batch.QueryAsync(
            $"""
            UPDATE inbox SET lease_until = @lease
            WHERE id IN (
                SELECT i.id FROM inbox i
                WHERE i.platform = @p AND i.state = 'pending'
                    AND COALESCE(i.lease_until, 0) <= @now AND COALESCE(i.next_attempt_at, 0) <= @now
                    AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.platform = i.platform AND j.state = 'pending'
                                    AND j.conversation = i.conversation AND j.id < i.id)
                ORDER BY i.id LIMIT @max{SkipLocked})
                -- Checked again on the row itself: a worker that lost the race for it sees it leased now.
                AND state = 'pending' AND COALESCE(lease_until, 0) <= @now
            RETURNING {InboxColumns}
            """,
            ReadInboxItem, ("@lease", ToDb(leaseUntil)), ("@p", platform), ("@now", ToDb(now)), ("@max", max)), cancellationToken);
        return rows.OrderBy(r => r.Id).ToList();
    }

    async Task IInbox.RecordPartsAsync(long id, int partsDone, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync($"UPDATE inbox SET parts_done = {Later("parts_done", "@n")} WHERE id = @id",
            ("@n", partsDone), ("@id", id)), cancellationToken);

    async Task IInbox.CompleteAsync(long id, string outcome, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            "UPDATE inbox SET state = @s, reason = @r, completed_at = @now, lease_until = NULL, next_attempt_at = NULL WHERE id = @id",
            ("@s", outcome), ("@r", reason), ("@now", ToDb(now)), ("@id", id)), cancellationToken);

    async Task IInbox.DeferAsync(long id, string reason, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            "UPDATE inbox SET attempts = attempts + 1, reason = @r, next_attempt_at = @next, lease_until = NULL WHERE id = @id AND state = 'pending'",
            ("@r", reason), ("@next", ToDb(nextAttemptAt)), ("@id", id)), cancellationToken);

    async Task IInbox.ReleaseAsync(long id, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync("UPDATE inbox SET lease_until = NULL WHERE id = @id AND state = 'pending'",
            ("@id", id)), cancellationToken);

    async Task<DateTimeOffset?> IInbox.NextDueAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null,
            $"SELECT MIN({Later("COALESCE(next_attempt_at, 0)", "COALESCE(lease_until, 0)")}) FROM inbox WHERE platform = @p AND state = 'pending'",
            cancellationToken, ("@p", platform));
        return value is null ? null : FromDb(Convert.ToInt64(value));
    }

    async Task<long> IInbox.CountPendingAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "SELECT COUNT(*) FROM inbox WHERE platform = @p AND state = 'pending'", cancellationToken, ("@p", platform)));
    }

    async Task<int> IInbox.PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "DELETE FROM inbox WHERE state <> 'pending' AND completed_at < @before",
            cancellationToken, ("@before", ToDb(before)));
    }
}
