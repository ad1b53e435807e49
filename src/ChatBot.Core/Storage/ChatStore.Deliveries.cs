using System.Data.Common;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    private const string Scheduled = "scheduled";
    private const string Manual = "manual";
    private const string DeliveryColumns =
        "id, platform, channel_id, scheduled_for, completed_at, outcome, reason, attempts, parts_done, part_in_flight, publish_state, window_until, uncertain_parts, history, part_began_at";

    /// <summary>The kind column, read after <see cref="DeliveryColumns"/>.</summary>
    private const int KindOrdinal = 15;

    private static DeliveryRecord ReadDelivery(DbDataReader r) => new(
        r.GetInt64(0),
        new ChannelKey(r.GetString(1), r.GetString(2)),
        FromDb(r.GetInt64(3)),
        FromDbNullable(r, 4),
        Enum.Parse<DeliveryOutcome>(r.GetString(5)),
        r.GetString(6),
        (int)r.GetInt64(7))
    {
        PartsDone = (int)r.GetInt64(8),
        PartInFlight = r.IsDBNull(9) ? null : (int)r.GetInt64(9),
        PublishState = GetStringOrNull(r, 10),
        WindowUntil = FromDbNullable(r, 11),
        UncertainParts = (int)r.GetInt64(12),
        History = r.GetString(13).Split('\n', StringSplitOptions.RemoveEmptyEntries),
        PartBeganAt = FromDbNullable(r, 14),
    };

    async Task<DeliveryRecord?> IDeliveryLog.TryClaimAsync(ChannelKey channel, DateTimeOffset scheduledFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, next_attempt_at, created_at)
            VALUES (@p, @c, '{Scheduled}', @for, 'Pending', 'Due; waiting to be posted.', 0, @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@for", ToDb(scheduledFor)), ("@now", ToDb(now)));
        return rows.FirstOrDefault();
    }

    async Task<DeliveryRecord> IDeliveryLog.StartManualAsync(ChannelKey channel, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, next_attempt_at, lease_until, lease_holder, created_at)
            VALUES (@p, @c, '{Manual}', @now, 'Pending', 'Requested now; being posted.', 0, @now, @lease, @h, @now)
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@now", ToDb(now)), ("@lease", ToDb(leaseUntil)), ("@h", holder));
        return rows.Single();
    }

    async Task<DeliveryRecord?> IDeliveryLog.RecordNotAttemptedAsync(ChannelKey channel, DateTimeOffset scheduledFor, DeliveryOutcome outcome, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, created_at, completed_at)
            VALUES (@p, @c, '{Scheduled}', @for, @outcome, @reason, 0, @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@for", ToDb(scheduledFor)),
            ("@outcome", outcome.ToString()), ("@reason", reason), ("@now", ToDb(now)));
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<PendingRun>> IDeliveryLog.DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"""
            SELECT {DeliveryColumns}, kind FROM deliveries
            WHERE outcome = 'Pending' AND COALESCE(next_attempt_at, 0) <= @now AND COALESCE(lease_until, 0) <= @now
            ORDER BY scheduled_for, id
            """,
            r => new PendingRun(ReadDelivery(r), r.GetString(KindOrdinal) == Manual), cancellationToken, ("@now", ToDb(now)));
    }

    async Task<DateTimeOffset?> IDeliveryLog.NextAttemptAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null,
            $"SELECT MIN({Later("COALESCE(next_attempt_at, 0)", "COALESCE(lease_until, 0)")}) FROM deliveries WHERE outcome = 'Pending'",
            cancellationToken);
        return value is null ? null : FromDb(Convert.ToInt64(value));
    }

    async Task<bool> IDeliveryLog.TryLeaseAsync(long runId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "UPDATE deliveries SET lease_until = @lease, lease_holder = @h WHERE id = @id AND outcome = 'Pending' AND COALESCE(lease_until, 0) <= @now",
            cancellationToken, ("@lease", ToDb(leaseUntil)), ("@h", holder), ("@id", runId), ("@now", ToDb(now))) == 1;
    }

    async Task<bool> IDeliveryLog.RenewLeaseAsync(long runId, string holder, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Only while the claim is still this holder's: once another worker took the run over (the
        // claim ran out, e.g. this worker was paused), renewing fails and the holder stops posting.
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET lease_until = {Later("COALESCE(lease_until, 0)", "@lease")} WHERE id = @id AND outcome = 'Pending' AND lease_holder = @h",
            cancellationToken, ("@lease", ToDb(leaseUntil)), ("@h", holder), ("@id", runId)) == 1;
    }

    async Task IDeliveryLog.ReleaseAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET lease_until = NULL, lease_holder = NULL WHERE id = @id AND outcome = 'Pending'",
            cancellationToken, ("@id", runId));
    }

    async Task IDeliveryLog.RetryLaterAsync(long runId, string reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET reason = @r, attempts = @a, next_attempt_at = @next, lease_until = NULL, lease_holder = NULL, {AppendHistory} WHERE id = @id",
            cancellationToken, ("@r", reason), ("@a", attempts), ("@next", ToDb(nextAttemptAt)), ("@id", runId), ("@note", HistoryLine(reason)));
    }

    // Newline-separated; notes are one line each (see HistoryLine).
    private const string AppendHistory = "history = history || @note";

    private static string HistoryLine(string note) => note.Replace('\r', ' ').Replace('\n', ' ') + "\n";

    async Task IDeliveryLog.BeginPartAsync(long runId, int? index, DateTimeOffset windowUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            // A part posted again keeps the time it first went out: a platform's de-duplication window counts from then.
            """
            UPDATE deliveries SET
                part_began_at = CASE WHEN part_in_flight = @i AND part_began_at IS NOT NULL THEN part_began_at ELSE @began END,
                part_in_flight = @i, window_until = COALESCE(window_until, @w)
            WHERE id = @id
            """,
            cancellationToken, ("@i", index), ("@w", ToDb(windowUntil)), ("@began", index is null ? null : ToDb(_time.GetUtcNow())), ("@id", runId));
    }

    async Task IDeliveryLog.RecordPartAsync(long runId, int index, bool uncertain, string? publishState, string? note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"""
            UPDATE deliveries SET parts_done = {Later("parts_done", "@done")}, part_in_flight = NULL, part_began_at = NULL,
                publish_state = COALESCE(@state, publish_state), uncertain_parts = uncertain_parts + @u,
                history = history || COALESCE(@note, '')
            WHERE id = @id
            """,
            cancellationToken, ("@done", index + 1), ("@state", publishState), ("@u", uncertain ? 1 : 0), ("@note", note is null ? null : HistoryLine(note)), ("@id", runId));
    }

    async Task IDeliveryLog.AppendHistoryAsync(long runId, string note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"UPDATE deliveries SET {AppendHistory} WHERE id = @id",
            cancellationToken, ("@note", HistoryLine(note)), ("@id", runId));
    }

    async Task IDeliveryLog.InterruptAsync(long runId, int attempts, string note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET attempts = {Later("attempts", "@a")}, lease_until = NULL, lease_holder = NULL, reason = @r, {AppendHistory} WHERE id = @id AND outcome = 'Pending'",
            cancellationToken, ("@a", attempts), ("@r", note), ("@note", HistoryLine(note)), ("@id", runId));
    }

    async Task IDeliveryLog.CompleteAsync(long runId, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET outcome = @o, reason = @r, attempts = @a, completed_at = @at, lease_until = NULL, lease_holder = NULL, next_attempt_at = NULL WHERE id = @id",
            cancellationToken, ("@o", outcome.ToString()), ("@r", reason), ("@a", attempts), ("@at", ToDb(completedAt)), ("@id", runId));
    }

    async Task<int> IDeliveryLog.SupersedeAsync(ChannelKey channel, DateTimeOffset before, long exceptRunId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            """
            UPDATE deliveries SET outcome = 'Missed', reason = @r, completed_at = @now, next_attempt_at = NULL
            WHERE platform = @p AND channel_id = @c AND outcome = 'Pending' AND scheduled_for < @before AND id <> @except
                AND COALESCE(lease_until, 0) <= @now
            """,
            cancellationToken, ("@r", reason), ("@now", ToDb(now)), ("@p", channel.Platform), ("@c", channel.ChannelId),
            ("@before", ToDb(before)), ("@except", exceptRunId));
    }

    async Task<DeliveryRecord?> IDeliveryLog.GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE id = @id",
            ReadDelivery, cancellationToken, ("@id", runId));
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<DeliveryRecord>> IDeliveryLog.RecentAsync(ChannelKey channel, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE platform = @p AND channel_id = @c ORDER BY scheduled_for DESC, id DESC LIMIT @max",
            ReadDelivery, cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId), ("@max", max));
    }
}
