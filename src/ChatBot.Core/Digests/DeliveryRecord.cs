using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

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

    /// <summary>
    /// How long ago <see cref="PartInFlight"/> was first sent when the run was read, by the store's
    /// clock (a platform's de-duplication window counts from then; any worker's clock may be off).
    /// </summary>
    public TimeSpan? PartInFlightFor { get; init; }

    /// <summary>The publisher's own note for resuming (e.g. the Teams thread the first part opened).</summary>
    public string? PublishState { get; init; }

    /// <summary>The end of the period the first part covered, so the remaining parts are composed over the same window.</summary>
    public DateTimeOffset? WindowUntil { get; init; }

    /// <summary>Parts whose fate is unknown (the platform may have taken them); never reposted.</summary>
    public int UncertainParts { get; init; }

    /// <summary>What happened to each attempt (failures, interruptions, parts that may have arrived), oldest first.</summary>
    public IReadOnlyList<string> History { get; init; } = [];
}
