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

    async Task<bool> IInbox.TryAddAsync(string platform, string key, string conversation, string payload, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"""
            INSERT INTO inbox (platform, item_key, conversation, payload, state, received_at)
            VALUES (@p, @k, @c, @payload, 'pending', {StoreNow})
            ON CONFLICT DO NOTHING
            """,
            ("@p", platform), ("@k", key), ("@c", conversation), ("@payload", payload), StoreClock), cancellationToken) == 1;

    async Task<IReadOnlyList<InboxItem>> IInbox.LeaseAsync(string platform, string holder, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }
        // A conversation's later items wait while an earlier one is unfinished (leased or deferred).
        // Pending items are walked oldest first (ix_inbox_order), so the walk stops at the first
        // free ones however long the backlog behind them. Claims and deferrals are on the store's
        // clock, so a worker whose clock is off neither takes a live claim nor waits for a dead one.
        var rows = await WriteInBatchAsync(batch => batch.QueryAsync(
            $"""
            UPDATE inbox SET lease_until = {StoreNow} + @d, lease_holder = @h
            WHERE id IN (
                SELECT i.id FROM inbox i
                WHERE i.platform = @p AND i.state = 'pending'
                    AND COALESCE(i.lease_until, 0) <= {StoreNow} AND COALESCE(i.next_attempt_at, 0) <= {StoreNow}
                    AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.platform = i.platform AND j.state = 'pending'
                                    AND j.conversation = i.conversation AND j.id < i.id)
                ORDER BY i.id LIMIT @max{SkipLocked})
                -- Checked again on the row itself: a worker that lost the race for it sees it leased now.
                AND state = 'pending' AND COALESCE(lease_until, 0) <= {StoreNow}
            RETURNING {InboxColumns}
            """,
            ReadInboxItem, ("@d", Millis(lease)), ("@h", holder), ("@p", platform), ("@max", max), StoreClock), cancellationToken);
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>The condition of every write made under an item's claim: still this holder's, and not run out by the store's clock.</summary>
    private string InboxHeldBy => $"state = 'pending' AND lease_holder = @h AND lease_until > {StoreNow}";

    async Task<bool> IInbox.RenewAsync(long id, string holder, TimeSpan lease, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"UPDATE inbox SET lease_until = {Later("lease_until", $"{StoreNow} + @d")} WHERE id = @id AND {InboxHeldBy}",
            ("@d", Millis(lease)), ("@id", id), ("@h", holder), StoreClock), cancellationToken) == 1;

    async Task<bool> IInbox.RecordPartsAsync(long id, string holder, int partsDone, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync($"UPDATE inbox SET parts_done = {Later("parts_done", "@n")} WHERE id = @id AND {InboxHeldBy}",
            ("@n", partsDone), ("@id", id), ("@h", holder), StoreClock), cancellationToken) == 1;

    async Task<bool> IInbox.CompleteAsync(long id, string holder, string outcome, string? reason, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"UPDATE inbox SET state = @s, reason = @r, completed_at = {StoreNow}, lease_until = NULL, lease_holder = NULL, next_attempt_at = NULL WHERE id = @id AND {InboxHeldBy}",
            ("@s", outcome), ("@r", reason), ("@id", id), ("@h", holder), StoreClock), cancellationToken) == 1;

    async Task<bool> IInbox.DeferAsync(long id, string holder, string reason, TimeSpan delay, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"UPDATE inbox SET attempts = attempts + 1, reason = @r, next_attempt_at = {StoreNow} + @d, lease_until = NULL, lease_holder = NULL WHERE id = @id AND {InboxHeldBy}",
            ("@r", reason), ("@d", Millis(delay)), ("@id", id), ("@h", holder), StoreClock), cancellationToken) == 1;

    async Task IInbox.ReleaseAsync(long id, string holder, CancellationToken cancellationToken) =>
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            "UPDATE inbox SET lease_until = NULL, lease_holder = NULL WHERE id = @id AND state = 'pending' AND lease_holder = @h",
            ("@id", id), ("@h", holder)), cancellationToken);

    async Task<DateTimeOffset?> IInbox.NextDueAsync(string platform, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Both ends are on the store's clock; the caller waits by its own, so each is translated.
        var deferred = $"CASE WHEN next_attempt_at IS NULL THEN 0 ELSE {InCallerClock("next_attempt_at")} END";
        var claimed = $"CASE WHEN lease_until IS NULL THEN 0 ELSE {InCallerClock("lease_until")} END";
        var value = await ScalarAsync(connection, null,
            $"SELECT MIN({Later(deferred, claimed)}) FROM inbox WHERE platform = @p AND state = 'pending'",
            cancellationToken, ("@p", platform), ("@now", ToDb(now)), StoreClock);
        return value is null ? null : FromDb(Convert.ToInt64(value));
    }

    async Task<long> IInbox.CountPendingAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null,
            "SELECT COUNT(*) FROM inbox WHERE platform = @p AND state = 'pending'", cancellationToken, ("@p", platform)));
    }

    async Task<int> IInbox.PurgeAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, $"DELETE FROM inbox WHERE state <> 'pending' AND completed_at < {StoreNow} - @age",
            cancellationToken, ("@age", Millis(olderThan)), StoreClock);
    }
}
