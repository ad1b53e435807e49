using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

/// <summary>
/// A subscription plus the bookkeeping only the scheduler needs: how far its cron occurrences
/// have been claimed, and how many runs in a row failed.
/// </summary>
/// <param name="ScheduledThrough">Occurrences up to this instant have been claimed or recorded.</param>
public sealed record SubscriptionState(
    Subscription Subscription,
    DateTimeOffset ScheduledThrough,
    int ConsecutiveFailures,
    string? PauseReason);
