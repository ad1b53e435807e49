using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

/// <param name="Cron">Five-field cron expression (Cronos), evaluated in <see cref="TimeZone"/>.</param>
/// <param name="TimeZone">IANA time zone id, e.g. "Europe/Brussels".</param>
/// <param name="PostWhenEmpty">True: post a short "nothing new" note; false: skip empty periods (still logged).</param>
/// <param name="CoveredUntil">Corpus changes up to this instant have been delivered (or were before the subscription).</param>
public sealed record Subscription(
    ChannelKey Channel,
    string Cron,
    string TimeZone,
    bool PostWhenEmpty,
    DateTimeOffset CreatedAt,
    DateTimeOffset CoveredUntil,
    bool Paused);
