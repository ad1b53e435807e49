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

public sealed record ChannelDigestStatus(
    ChannelKey Channel,
    Subscription? Subscription,
    DateTimeOffset? NextRun,
    IReadOnlyList<DeliveryRecord> RecentRuns);

/// <param name="Outcome">What happened; <see cref="Reason"/> says why in words a user understands.</param>
public sealed record DeliveryRecord(
    long Id,
    ChannelKey Channel,
    DateTimeOffset ScheduledFor,
    DateTimeOffset? CompletedAt,
    DeliveryOutcome Outcome,
    string Reason,
    int Attempts)
{
    /// <summary>Parts of a multi-part post that went out (or may have) in earlier attempts; a retry starts after them.</summary>
    public int PartsDone { get; init; }

    /// <summary>The part an attempt had started to post when it ended without saying how it went (a crash).</summary>
    public int? PartInFlight { get; init; }

    /// <summary>When <see cref="PartInFlight"/> was first sent (a platform's de-duplication window counts from then).</summary>
    public DateTimeOffset? PartBeganAt { get; init; }

    /// <summary>The publisher's own note for resuming (e.g. the Teams thread the first part opened).</summary>
    public string? PublishState { get; init; }

    /// <summary>The end of the period the first part covered, so the remaining parts are composed over the same window.</summary>
    public DateTimeOffset? WindowUntil { get; init; }

    /// <summary>Parts whose fate is unknown (the platform may have taken them); never reposted.</summary>
    public int UncertainParts { get; init; }

    /// <summary>What happened to each attempt (failures, interruptions, parts that may have arrived), oldest first.</summary>
    public IReadOnlyList<string> History { get; init; } = [];
}

public enum DeliveryOutcome
{
    Pending,
    Delivered,
    SkippedEmpty,
    Failed,
    Paused,

    /// <summary>Not attempted: the worker was down past the grace period, or a later run of the same channel included it.</summary>
    Missed,

    /// <summary>
    /// Posted, except for part(s) the platform may or may not have taken (a 5xx or a timeout after
    /// sending, an interrupted post). They are not reposted, as the platform offers no idempotent
    /// post; the reason says which, so a missing part can be posted again by hand.
    /// </summary>
    Uncertain,
}
