using System.Data.Common;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    private const string SubscriptionColumns =
        "platform, channel_id, cron, time_zone, post_when_empty, created_at, covered_until, paused, pause_reason, scheduled_through, consecutive_failures";

    private static SubscriptionState ReadSubscription(DbDataReader r) => new(
        new Subscription(
            new ChannelKey(r.GetString(0), r.GetString(1)),
            r.GetString(2),
            r.GetString(3),
            r.GetInt64(4) != 0,
            FromDb(r.GetInt64(5)),
            FromDb(r.GetInt64(6)),
            r.GetInt64(7) != 0),
        FromDb(r.GetInt64(9)),
        (int)r.GetInt64(10),
        GetStringOrNull(r, 8));

    async Task<SubscriptionState?> ISubscriptionStore.GetAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @p AND channel_id = @c",
            ReadSubscription, cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId));
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<SubscriptionState>> ISubscriptionStore.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection,
            $"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY platform, channel_id",
            ReadSubscription, cancellationToken);
    }

    async Task ISubscriptionStore.SaveAsync(Subscription s, DateTimeOffset scheduledThrough, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"""
            INSERT INTO subscriptions ({SubscriptionColumns})
            VALUES (@p, @c, @cron, @tz, @empty, @created, @covered, @paused, NULL, @through, 0)
            ON CONFLICT (platform, channel_id) DO UPDATE SET
                cron = excluded.cron, time_zone = excluded.time_zone, post_when_empty = excluded.post_when_empty,
                created_at = excluded.created_at, covered_until = excluded.covered_until, paused = excluded.paused,
                pause_reason = NULL, scheduled_through = excluded.scheduled_through, consecutive_failures = 0
            """,
            cancellationToken,
            ("@p", s.Channel.Platform), ("@c", s.Channel.ChannelId), ("@cron", s.Cron), ("@tz", s.TimeZone),
            ("@empty", s.PostWhenEmpty ? 1 : 0), ("@created", ToDb(s.CreatedAt)), ("@covered", ToDb(s.CoveredUntil)),
            ("@paused", s.Paused ? 1 : 0), ("@through", ToDb(scheduledThrough)));
    }

    async Task<bool> ISubscriptionStore.DeleteAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            "DELETE FROM subscriptions WHERE platform = @p AND channel_id = @c",
            cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId)) > 0;
    }

    async Task ISubscriptionStore.AdvanceScheduleAsync(ChannelKey channel, DateTimeOffset scheduledThrough, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"UPDATE subscriptions SET scheduled_through = {Later("scheduled_through", "@t")} WHERE platform = @p AND channel_id = @c",
            cancellationToken, ("@t", ToDb(scheduledThrough)), ("@p", channel.Platform), ("@c", channel.ChannelId));
    }

    async Task<int> ISubscriptionStore.RecordFailureAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null,
            "UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE platform = @p AND channel_id = @c RETURNING consecutive_failures",
            cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId));
        return value is null ? 0 : Convert.ToInt32(value);
    }

    async Task ISubscriptionStore.PauseAsync(ChannelKey channel, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE subscriptions SET paused = 1, pause_reason = @r WHERE platform = @p AND channel_id = @c",
            cancellationToken, ("@r", reason), ("@p", channel.Platform), ("@c", channel.ChannelId));
    }
}
