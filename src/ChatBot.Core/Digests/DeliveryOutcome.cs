namespace ChatBot.Core.Digests;

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
