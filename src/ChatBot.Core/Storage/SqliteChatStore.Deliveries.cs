using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using Microsoft.Data.Sqlite;

namespace ChatBot.Core.Storage;

public sealed partial class SqliteChatStore
{
    private const string Scheduled = "scheduled";
    private const string Manual = "manual";
    private const string DeliveryColumns = "id, platform, channel_id, scheduled_for, completed_at, outcome, reason, attempts";

    private static DeliveryRecord ReadDelivery(SqliteDataReader r) => new(
        r.GetInt64(0),
        new ChannelKey(r.GetString(1), r.GetString(2)),
        FromDb(r.GetInt64(3)),
        FromDbNullable(r, 4),
        Enum.Parse<DeliveryOutcome>(r.GetString(5)),
        r.GetString(6),
        (int)r.GetInt64(7));

    async Task<DeliveryRecord?> IDeliveryLog.TryClaimAsync(ChannelKey channel, DateTimeOffset scheduledFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT OR IGNORE INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, next_attempt_at, created_at)
            VALUES ($p, $c, '{Scheduled}', $for, 'Pending', 'Due; waiting to be posted.', 0, $now, $now)
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("$p", channel.Platform), ("$c", channel.ChannelId), ("$for", ToDb(scheduledFor)), ("$now", ToDb(now)));
        return rows.FirstOrDefault();
    }

    async Task<DeliveryRecord> IDeliveryLog.StartManualAsync(ChannelKey channel, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, next_attempt_at, lease_until, created_at)
            VALUES ($p, $c, '{Manual}', $now, 'Pending', 'Requested now; being posted.', 0, $now, $lease, $now)
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("$p", channel.Platform), ("$c", channel.ChannelId), ("$now", ToDb(now)), ("$lease", ToDb(leaseUntil)));
        return rows.Single();
    }

    async Task<DeliveryRecord?> IDeliveryLog.RecordNotAttemptedAsync(ChannelKey channel, DateTimeOffset scheduledFor, DeliveryOutcome outcome, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT OR IGNORE INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, created_at, completed_at)
            VALUES ($p, $c, '{Scheduled}', $for, $outcome, $reason, 0, $now, $now)
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("$p", channel.Platform), ("$c", channel.ChannelId), ("$for", ToDb(scheduledFor)),
            ("$outcome", outcome.ToString()), ("$reason", reason), ("$now", ToDb(now)));
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<PendingRun>> IDeliveryLog.DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"""
            SELECT {DeliveryColumns}, kind FROM deliveries
            WHERE outcome = 'Pending' AND COALESCE(next_attempt_at, 0) <= $now AND COALESCE(lease_until, 0) <= $now
            ORDER BY scheduled_for, id
            """,
            r => new PendingRun(ReadDelivery(r), r.GetString(8) == Manual), cancellationToken, ("$now", ToDb(now)));
    }

    async Task<DateTimeOffset?> IDeliveryLog.NextAttemptAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null,
            "SELECT MIN(MAX(COALESCE(next_attempt_at, 0), COALESCE(lease_until, 0))) FROM deliveries WHERE outcome = 'Pending'",
            cancellationToken);
        return value is null ? null : FromDb(Convert.ToInt64(value));
    }

    async Task<bool> IDeliveryLog.TryLeaseAsync(long runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "UPDATE deliveries SET lease_until = $lease WHERE id = $id AND outcome = 'Pending' AND COALESCE(lease_until, 0) <= $now",
            cancellationToken, ("$lease", ToDb(leaseUntil)), ("$id", runId), ("$now", ToDb(now))) == 1;
    }

    async Task IDeliveryLog.ReleaseAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET lease_until = NULL WHERE id = $id AND outcome = 'Pending'",
            cancellationToken, ("$id", runId));
    }

    async Task IDeliveryLog.RetryLaterAsync(long runId, string reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET reason = $r, attempts = $a, next_attempt_at = $next, lease_until = NULL WHERE id = $id",
            cancellationToken, ("$r", reason), ("$a", attempts), ("$next", ToDb(nextAttemptAt)), ("$id", runId));
    }

    async Task IDeliveryLog.CompleteAsync(long runId, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET outcome = $o, reason = $r, attempts = $a, completed_at = $at, lease_until = NULL, next_attempt_at = NULL WHERE id = $id",
            cancellationToken, ("$o", outcome.ToString()), ("$r", reason), ("$a", attempts), ("$at", ToDb(completedAt)), ("$id", runId));
    }

    async Task<int> IDeliveryLog.SupersedeAsync(ChannelKey channel, DateTimeOffset before, long exceptRunId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            """
            UPDATE deliveries SET outcome = 'Missed', reason = $r, completed_at = $now, next_attempt_at = NULL
            WHERE platform = $p AND channel_id = $c AND outcome = 'Pending' AND scheduled_for < $before AND id <> $except
                AND COALESCE(lease_until, 0) <= $now
            """,
            cancellationToken, ("$r", reason), ("$now", ToDb(now)), ("$p", channel.Platform), ("$c", channel.ChannelId),
            ("$before", ToDb(before)), ("$except", exceptRunId));
    }

    async Task<DeliveryRecord?> IDeliveryLog.GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE id = $id",
            ReadDelivery, cancellationToken, ("$id", runId));
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<DeliveryRecord>> IDeliveryLog.RecentAsync(ChannelKey channel, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE platform = $p AND channel_id = $c ORDER BY scheduled_for DESC, id DESC LIMIT $max",
            ReadDelivery, cancellationToken, ("$p", channel.Platform), ("$c", channel.ChannelId), ("$max", max));
    }
}
