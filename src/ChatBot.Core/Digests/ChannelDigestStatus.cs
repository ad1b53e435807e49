using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

public sealed record ChannelDigestStatus(
    ChannelKey Channel,
    Subscription? Subscription,
    DateTimeOffset? NextRun,
    IReadOnlyList<DeliveryRecord> RecentRuns);
