using System.Globalization;
using System.Text;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Rendering;

/// <summary>Every <see cref="ChatReply"/> as Discord messages: answers through <see cref="DiscordAnswerRenderer"/>, the rest as text.</summary>
public sealed class DiscordReplyRenderer(DiscordAnswerRenderer answers)
{
    public const string Help = "Ask me about the EU–Republic of Korea Digital Partnership, e.g. \"When is the next council?\"";

    public IReadOnlyList<MessagePayload> Render(ChatReply reply) => reply switch
    {
        ChatReply.Answered answered => answers.Render(answered.Answer, answered.AnswerId, answered.Heading),
        ChatReply.Quotes quotes => answers.RenderQuotes(quotes.Answer),
        _ => Text(Describe(reply)),
    };

    public static string Describe(ChatReply reply) => reply switch
    {
        ChatReply.TopicList list => TopicList(list),
        ChatReply.UnknownTopic unknown => UnknownTopic(unknown),
        ChatReply.DigestPosted posted => DescribeDelivery(posted.Record),
        ChatReply.Subscribed subscribed => $"Subscribed: digests will be posted here on schedule `{subscribed.Subscription.Cron}` ({subscribed.Subscription.TimeZone}).",
        ChatReply.ScheduleRejected rejected => $"That schedule was not accepted: {TextSplitter.Shorten(rejected.Reason, 300)}",
        ChatReply.Unsubscribed unsubscribed => unsubscribed.HadSubscription
            ? "This channel will no longer receive digests."
            : "This channel had no digest subscription.",
        ChatReply.DigestStatus status => DescribeStatus(status.Status),
        ChatReply.DigestNeedsManager => "Changing digests needs the Manage Channels permission in this server.",
        ChatReply.FeedbackRecorded => "Thanks, your feedback was recorded.",
        ChatReply.VoterUnknown => "I could not tell who voted, so the vote was not recorded.",
        ChatReply.AnswerNotFound => "I no longer have that answer.",
        ChatReply.Help help => help.Problem is null ? Help : help.Problem + "\n" + Help,
        ChatReply.Failed failed => Failure(failed.Purpose).Content!,
        ChatReply.Answered or ChatReply.Quotes => throw new ArgumentException("Answers are rendered as messages, not text.", nameof(reply)),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    public static MessagePayload Stopped(string purpose) =>
        new() { Content = $"Sorry, I could not {purpose} before restarting. Please ask again in a minute." };

    public static MessagePayload Failure(string purpose) =>
        new() { Content = $"Sorry, I could not {purpose} just now. Please try again in a moment." };

    private static IReadOnlyList<MessagePayload> Text(string content) => [new MessagePayload { Content = content }];

    private static string TopicList(ChatReply.TopicList list)
    {
        if (list.Topics.Count == 0)
        {
            return "No topics are configured yet.";
        }
        var text = new StringBuilder("**Topics I can summarise** (use `/summary topic:`)\n");
        foreach (var topic in list.Topics)
        {
            text.Append("• ").Append(topic.Name).Append(" — `").Append(topic.Id).Append('`');
            if (list.DocumentCounts?.GetValueOrDefault(topic.Id) is { } n)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({n} document{(n == 1 ? "" : "s")})");
            }
            text.Append('\n');
        }
        return TextSplitter.Shorten(text.ToString(), DiscordLimits.Content);
    }

    private static string UnknownTopic(ChatReply.UnknownTopic unknown)
    {
        var result = unknown.Result;
        var text = new StringBuilder($"I do not know a topic called \"{TextSplitter.Shorten(result.RequestedTopic, 100)}\".");
        if (result.Closest is { } closest)
        {
            text.Append($" Did you mean **{closest.Name}** (`{closest.Id}`)?");
        }
        if (result.KnownTopics.Count > 0)
        {
            text.Append("\nKnown topics: ").Append(string.Join(", ", result.KnownTopics.Select(t => t.Name))).Append('.');
        }
        return TextSplitter.Shorten(text.ToString(), DiscordLimits.Content);
    }

    private static string DescribeDelivery(DeliveryRecord record) => record.Outcome switch
    {
        DeliveryOutcome.Delivered => "Digest posted.",
        DeliveryOutcome.SkippedEmpty => $"No digest posted: {record.Reason}",
        DeliveryOutcome.Paused => $"Digests are paused for this channel: {record.Reason}",
        DeliveryOutcome.Pending => $"The digest is queued: {record.Reason}",
        _ => $"The digest could not be posted: {record.Reason}",
    };

    private static string DescribeStatus(ChannelDigestStatus status)
    {
        var text = new StringBuilder();
        if (status.Subscription is { } s)
        {
            text.Append($"Subscribed on `{s.Cron}` ({s.TimeZone}){(s.Paused ? ", paused" : "")}.");
            if (status.NextRun is { } next)
            {
                text.Append(" Next run: ").Append(next.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture)).Append('.');
            }
        }
        else
        {
            text.Append("This channel has no digest subscription. Use `/digest subscribe`.");
        }
        if (status.RecentRuns.Count > 0)
        {
            text.Append("\n**Recent runs**");
            foreach (var run in status.RecentRuns.Take(10))
            {
                var at = (run.CompletedAt ?? run.ScheduledFor).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                text.Append($"\n• {at}: {run.Outcome}").Append(run.Reason.Length > 0 ? $" — {run.Reason}" : "");
            }
        }
        return TextSplitter.Shorten(text.ToString(), DiscordLimits.Content);
    }
}
