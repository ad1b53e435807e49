using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

/// <param name="Manual">Requested with "post now" rather than due by the channel's schedule.</param>
public sealed record PendingRun(DeliveryRecord Record, bool Manual);
