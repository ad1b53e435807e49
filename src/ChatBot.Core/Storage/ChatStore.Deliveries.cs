using System.Data.Common;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    private const string Scheduled = "scheduled";
    private const string Manual = "manual";
    /// <summary>The run's columns; the last is how long ago the part in flight began, by the store's clock (bind <see cref="StoreClock"/>).</summary>
    private string DeliveryColumns =>
        $"id, platform, channel_id, scheduled_for, completed_at, outcome, reason, attempts, parts_done, part_in_flight, publish_state, window_until, uncertain_parts, history, {StoreNow} - part_began_at";

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
        PartInFlightFor = r.IsDBNull(14) ? null : TimeSpan.FromMilliseconds(Math.Max(0, r.GetInt64(14))),
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
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@for", ToDb(scheduledFor)), ("@now", ToDb(now)), StoreClock);
        return rows.FirstOrDefault();
    }

    async Task<DeliveryRecord> IDeliveryLog.StartManualAsync(ChannelKey channel, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"""
            INSERT INTO deliveries (platform, channel_id, kind, scheduled_for, outcome, reason, attempts, next_attempt_at, lease_until, lease_holder, created_at)
            VALUES (@p, @c, '{Manual}', @now, 'Pending', 'Requested now; being posted.', 0, @now, {StoreNow} + @d, @h, @now)
            RETURNING {DeliveryColumns}
            """,
            ReadDelivery, cancellationToken,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@now", ToDb(now)), ("@d", Millis(lease)), ("@h", holder), StoreClock);
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
            ("@outcome", outcome.ToString()), ("@reason", reason), ("@now", ToDb(now)), StoreClock);
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<PendingRun>> IDeliveryLog.DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"""
            SELECT {DeliveryColumns}, kind FROM deliveries
            WHERE outcome = 'Pending' AND COALESCE(next_attempt_at, 0) <= @now AND COALESCE(lease_until, 0) <= {StoreNow}
            ORDER BY scheduled_for, id
            """,
            r => new PendingRun(ReadDelivery(r), r.GetString(KindOrdinal) == Manual), cancellationToken, ("@now", ToDb(now)), StoreClock);
    }

    async Task<DateTimeOffset?> IDeliveryLog.NextAttemptAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // next_attempt_at is the caller's schedule; a claim's end is on the store's clock and is
        // translated to the caller's by how far it still runs.
        var claimEnds = $"CASE WHEN lease_until IS NULL THEN 0 ELSE {InCallerClock("lease_until")} END";
        var value = await ScalarAsync(connection, null,
            $"SELECT MIN({Later("COALESCE(next_attempt_at, 0)", claimEnds)}) FROM deliveries WHERE outcome = 'Pending'",
            cancellationToken, ("@now", ToDb(now)), StoreClock);
        return value is null ? null : FromDb(Convert.ToInt64(value));
    }

    /// <summary>
    /// The condition of every write a claim holder makes: the run is still this holder's and its
    /// claim has not run out by the store's clock. A worker that lost the run (paused past its
    /// claim, taken over) writes nothing; the caller learns it from the count of rows changed.
    /// </summary>
    private string HeldBy => $"lease_holder = @h AND lease_until > {StoreNow}";

    async Task<bool> IDeliveryLog.TryLeaseAsync(long runId, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET lease_until = {StoreNow} + @d, lease_holder = @h WHERE id = @id AND outcome = 'Pending' AND COALESCE(lease_until, 0) <= {StoreNow}",
            cancellationToken, ("@d", Millis(lease)), ("@h", holder), ("@id", runId), StoreClock) == 1;
    }

    async Task<bool> IDeliveryLog.RenewLeaseAsync(long runId, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Only while the claim is still this holder's and still runs: once it ran out (e.g. this
        // worker was paused past it) another worker may be resuming the run, so renewing fails
        // and the holder stops posting, even if nobody has taken the run yet.
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET lease_until = {Later("lease_until", $"{StoreNow} + @d")} WHERE id = @id AND outcome = 'Pending' AND {HeldBy}",
            cancellationToken, ("@d", Millis(lease)), ("@h", holder), ("@id", runId), StoreClock) == 1;
    }

    async Task IDeliveryLog.ReleaseAsync(long runId, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE deliveries SET lease_until = NULL, lease_holder = NULL WHERE id = @id AND outcome = 'Pending' AND lease_holder = @h",
            cancellationToken, ("@id", runId), ("@h", holder));
    }

    async Task<bool> IDeliveryLog.RetryLaterAsync(long runId, string holder, string reason, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET reason = @r, attempts = @a, next_attempt_at = @next, lease_until = NULL, lease_holder = NULL, {AppendHistory} WHERE id = @id AND {HeldBy}",
            cancellationToken, ("@r", reason), ("@a", attempts), ("@next", ToDb(nextAttemptAt)), ("@id", runId), ("@note", HistoryLine(reason)),
            ("@h", holder), StoreClock) == 1;
    }

    // Newline-separated; notes are one line each (see HistoryLine).
    private const string AppendHistory = "history = history || @note";

    private static string HistoryLine(string note) => note.Replace('\r', ' ').Replace('\n', ' ') + "\n";

    async Task<bool> IDeliveryLog.BeginPartAsync(long runId, string holder, int? index, DateTimeOffset windowUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            // A part posted again keeps the time it first went out: a platform's de-duplication
            // window counts from then, on the store's clock (any worker may resume the run).
            $"""
            UPDATE deliveries SET
                part_began_at = CASE WHEN @none = 1 THEN NULL WHEN part_in_flight = @i AND part_began_at IS NOT NULL THEN part_began_at ELSE {StoreNow} END,
                part_in_flight = @i, window_until = COALESCE(window_until, @w)
            WHERE id = @id AND {HeldBy}
            """,
            cancellationToken, ("@i", index), ("@none", index is null ? 1 : 0), ("@w", ToDb(windowUntil)), ("@id", runId), ("@h", holder), StoreClock) == 1;
    }

    async Task<bool> IDeliveryLog.RecordPartAsync(long runId, string holder, int index, bool uncertain, string? publishState, string? note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"""
            UPDATE deliveries SET parts_done = {Later("parts_done", "@done")}, part_in_flight = NULL, part_began_at = NULL,
                publish_state = COALESCE(@state, publish_state), uncertain_parts = uncertain_parts + @u,
                history = history || COALESCE(@note, '')
            WHERE id = @id AND {HeldBy}
            """,
            cancellationToken, ("@done", index + 1), ("@state", publishState), ("@u", uncertain ? 1 : 0), ("@note", note is null ? null : HistoryLine(note)), ("@id", runId),
            ("@h", holder), StoreClock) == 1;
    }

    async Task<bool> IDeliveryLog.AppendHistoryAsync(long runId, string holder, string note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, $"UPDATE deliveries SET {AppendHistory} WHERE id = @id AND {HeldBy}",
            cancellationToken, ("@note", HistoryLine(note)), ("@id", runId), ("@h", holder), StoreClock) == 1;
    }

    async Task<bool> IDeliveryLog.InterruptAsync(long runId, string holder, int attempts, string note, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Handing the run back needs only that it is still this holder's: a claim that ran out
        // with nobody taking it over is as good to give back.
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET attempts = {Later("attempts", "@a")}, lease_until = NULL, lease_holder = NULL, reason = @r, {AppendHistory} WHERE id = @id AND outcome = 'Pending' AND lease_holder = @h",
            cancellationToken, ("@a", attempts), ("@r", note), ("@note", HistoryLine(note)), ("@id", runId), ("@h", holder)) == 1;
    }

    async Task<bool> IDeliveryLog.CompleteAsync(long runId, string holder, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"UPDATE deliveries SET outcome = @o, reason = @r, attempts = @a, completed_at = @at, lease_until = NULL, lease_holder = NULL, next_attempt_at = NULL WHERE id = @id AND outcome = 'Pending' AND {HeldBy}",
            cancellationToken, ("@o", outcome.ToString()), ("@r", reason), ("@a", attempts), ("@at", ToDb(completedAt)), ("@id", runId),
            ("@h", holder), StoreClock) == 1;
    }

    async Task<bool> IDeliveryLog.CompleteDeliveredAsync(long runId, string holder, DeliveryOutcome outcome, string reason, int attempts, DateTimeOffset completedAt,
        ChannelKey channel, DateTimeOffset coveredUntil, CancellationToken cancellationToken) =>
        // One transaction: the outcome's fenced update decides for both. A worker that lost the
        // claim changes no row of the run, and the channel's mark stays where the new holder finds
        // it; a holder's delivery moves both or (the session ended before the commit) neither.
        await InTransactionAsync(async (connection, transaction) =>
        {
            var closed = await ExecuteAsync(connection, transaction,
                $"UPDATE deliveries SET outcome = @o, reason = @r, attempts = @a, completed_at = @at, lease_until = NULL, lease_holder = NULL, next_attempt_at = NULL WHERE id = @id AND outcome = 'Pending' AND {HeldBy}",
                cancellationToken, ("@o", outcome.ToString()), ("@r", reason), ("@a", attempts), ("@at", ToDb(completedAt)), ("@id", runId),
                ("@h", holder), StoreClock) == 1;
            if (closed)
            {
                await ExecuteAsync(connection, transaction,
                    $"UPDATE subscriptions SET covered_until = {Later("covered_until", "@t")}, consecutive_failures = 0 WHERE platform = @p AND channel_id = @c",
                    cancellationToken, ("@t", ToDb(coveredUntil)), ("@p", channel.Platform), ("@c", channel.ChannelId));
            }
            return closed;
        }, cancellationToken);

    async Task<int> IDeliveryLog.SupersedeAsync(ChannelKey channel, DateTimeOffset before, long exceptRunId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"""
            UPDATE deliveries SET outcome = 'Missed', reason = @r, completed_at = @now, next_attempt_at = NULL
            WHERE platform = @p AND channel_id = @c AND outcome = 'Pending' AND scheduled_for < @before AND id <> @except
                AND COALESCE(lease_until, 0) <= {StoreNow}
            """,
            cancellationToken, ("@r", reason), ("@now", ToDb(now)), StoreClock, ("@p", channel.Platform), ("@c", channel.ChannelId),
            ("@before", ToDb(before)), ("@except", exceptRunId));
    }

    async Task<DeliveryRecord?> IDeliveryLog.GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE id = @id",
            ReadDelivery, cancellationToken, ("@id", runId), StoreClock);
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<DeliveryRecord>> IDeliveryLog.RecentAsync(ChannelKey channel, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"SELECT {DeliveryColumns} FROM deliveries WHERE platform = @p AND channel_id = @c ORDER BY scheduled_for DESC, id DESC LIMIT @max",
            ReadDelivery, cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId), ("@max", max), StoreClock);
    }
}
