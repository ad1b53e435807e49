using System.Globalization;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Teams.Rendering;

/// <summary>The wording of every non-answer reply (help, topics, digest commands), as Teams markdown.</summary>
public static class CommandReplies
{
    public const string Help =
        "I answer questions about the EU–Republic of Korea Digital Partnership, citing the sources.\n\n" +
        "- `ask QUESTION` (or just type a question)\n" +
        "- `summary TOPIC`: a cited overview of a topic\n" +
        "- `topics`: the topics I know\n" +
        "- `digest now`: post what is new\n" +
        "- `digest subscribe [cron]`: scheduled digests in this conversation (default weekly, Monday 09:00)\n" +
        "- `digest unsubscribe`, `digest status`\n" +
        "- `help`: this list";

    /// <summary>Every reply but an answer (<see cref="TeamsAnswerRenderer"/> renders those) as Teams markdown.</summary>
    public static string Describe(ChatReply reply) => reply switch
    {
        ChatReply.TopicList list => Topics(list),
        ChatReply.UnknownTopic unknown => UnknownTopic(unknown.Result),
        ChatReply.DigestPosted posted => DigestPosted(posted.Record),
        ChatReply.Subscribed subscribed => Subscribed(subscribed.Subscription),
        // The reason quotes the user's cron text: never echo it as live markdown.
        ChatReply.ScheduleRejected rejected => $"Could not subscribe: {MarkdownText.Neutralize(rejected.Reason, 300)}",
        ChatReply.Unsubscribed unsubscribed => Unsubscribed(unsubscribed.HadSubscription),
        ChatReply.DigestStatus status => Status(status.Status),
        ChatReply.DigestNeedsManager => DigestNeedsOwner,
        ChatReply.FeedbackRecorded => "Thanks for the feedback.",
        ChatReply.VoterUnknown => "I could not tell who voted, so the vote was not recorded.",
        ChatReply.AnswerNotFound => "Sorry, I could not find that answer any more.",
        ChatReply.Help help => help.Problem is null ? Help : help.Problem + "\n\n" + Help,
        ChatReply.Failed failed => $"Sorry, I could not {failed.Purpose} just now. Please try again in a moment.",
        ChatReply.Quotes quotes => Quotes(quotes.Answer),
        ChatReply.Answered => throw new ArgumentException("Answers are rendered by TeamsAnswerRenderer.", nameof(reply)),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    public static string Topics(ChatReply.TopicList list) =>
        list.Topics.Count == 0
            ? "No topics are configured."
            : "Topics (use `summary TOPIC`):\n\n" + TopicList(list.Topics.Select(t => (t, list.DocumentCounts?.TryGetValue(t.Id, out var n) == true ? (int?)n : null)));

    private static string Quotes(Answer answer) =>
        answer.Citations.Count == 0
            ? "This answer has no quotes."
            : string.Join("\n\n", answer.Citations.Select(c => $"**[{c.N}] {MarkdownText.Neutralize(c.Title, 200)}**\n\n> {MarkdownText.Neutralize(c.Quote, 1500)}"));

    public static string UnknownTopic(TopicSummary result)
    {
        // The requested topic is the user's own text: shown as plain words, never as a link.
        var text = new StringBuilder($"I don't know the topic “{MarkdownText.Neutralize(result.RequestedTopic, 80)}”.");
        if (result.Closest is { } closest)
        {
            text.Append($" Did you mean **{closest.Name}** (`summary {closest.Id}`)?");
        }
        return text.Append("\n\nKnown topics:\n\n").Append(TopicList(result.KnownTopics.Select(t => (t, (int?)null)))).ToString();
    }

    public const string DigestNeedsOwner =
        "Only an owner of this team can change its digests (`digest status` works for everyone). " +
        "Ask an owner, or have the bot's operator add you to Teams:DigestManagers.";

    public static string DigestPosted(DeliveryRecord record) => record.Outcome switch
    {
        DeliveryOutcome.Delivered => "Digest posted.",
        DeliveryOutcome.Uncertain => $"Digest posted, but part of it may be missing: {record.Reason}",
        DeliveryOutcome.SkippedEmpty => "Nothing new to report since the last digest.",
        DeliveryOutcome.Pending => "The digest is on its way.",
        _ => $"The digest could not be posted: {record.Reason}",
    };

    public static string Subscribed(Subscription subscription) =>
        $"Subscribed: digests will be posted here on schedule `{subscription.Cron}` ({subscription.TimeZone}).";

    public static string Unsubscribed(bool hadSubscription) =>
        hadSubscription ? "Unsubscribed: no more scheduled digests here." : "This conversation has no digest subscription.";

    public static string Status(ChannelDigestStatus status)
    {
        var text = new StringBuilder();
        if (status.Subscription is not { } subscription)
        {
            text.Append("No digest subscription here. Use `digest subscribe [cron]`.");
        }
        else
        {
            text.Append($"Subscribed: `{subscription.Cron}` ({subscription.TimeZone})");
            text.Append(subscription.Paused ? ", paused." : ".");
            if (status.NextRun is { } next)
            {
                text.Append($" Next digest: {next.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");
            }
        }
        if (status.RecentRuns.Count > 0)
        {
            text.Append("\n\nRecent digests:\n\n");
            foreach (var run in status.RecentRuns.Take(5))
            {
                text.Append($"- {run.ScheduledFor.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: {run.Outcome}");
                if (run.Attempts > 1)
                {
                    text.Append($", {run.Attempts} attempts");
                }
                text.Append(string.IsNullOrWhiteSpace(run.Reason) ? "\n" : $" ({run.Reason})\n");
                // Earlier attempts (failures, interruptions, parts that may not have arrived) stay visible.
                foreach (var line in run.History.Where(h => h != run.Reason).TakeLast(5))
                {
                    text.Append($"  - {line}\n");
                }
            }
        }
        return text.ToString().TrimEnd();
    }

    private static string TopicList(IEnumerable<(Topic Topic, int? Documents)> topics) =>
        string.Join("\n", topics.Select(t =>
            $"- **{t.Topic.Name}** (`{t.Topic.Id}`)" + (t.Documents is { } n ? $": {n} document{(n == 1 ? "" : "s")}" : "")));
}
