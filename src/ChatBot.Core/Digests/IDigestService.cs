using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

/// <summary>
/// The digest operations adapters expose as commands (subscribe, unsubscribe, status, post now)
/// and the CLI uses to preview a digest.
/// </summary>
public interface IDigestService
{
    /// <param name="cron">Null for the configured default (weekly, Monday 09:00).</param>
    /// <param name="timeZone">Null for the configured default (Europe/Brussels).</param>
    /// <param name="backfill">True: the first digest covers the whole existing corpus.</param>
    /// <exception cref="ArgumentException">The cron expression or time zone is invalid; the message says which and why.</exception>
    Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, CancellationToken cancellationToken);

    /// <summary>As above, also choosing whether empty periods post a short "nothing new" note.</summary>
    /// <param name="postWhenEmpty">Null keeps the channel's earlier choice, or the configured default for a new subscription.</param>
    Task<Subscription> SubscribeAsync(ChannelKey channel, string? cron, string? timeZone, bool backfill, bool? postWhenEmpty, CancellationToken cancellationToken) =>
        SubscribeAsync(channel, cron, timeZone, backfill, cancellationToken);

    /// <returns>False when the channel had no subscription.</returns>
    Task<bool> UnsubscribeAsync(ChannelKey channel, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The digest of corpus changes after <paramref name="since"/>, without posting it.</summary>
    Task<Digest> ComposeAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Composes and posts the channel's digest now, recording it in the delivery log.</summary>
    Task<DeliveryRecord> PostNowAsync(ChannelKey channel, CancellationToken cancellationToken);

    /// <summary>The subscription (if any) and recent delivery outcomes, newest first.</summary>
    Task<ChannelDigestStatus> StatusAsync(ChannelKey channel, CancellationToken cancellationToken);
}
