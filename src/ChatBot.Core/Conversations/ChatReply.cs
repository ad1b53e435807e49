using ChatBot.Core.Answers;
using ChatBot.Core.Digests;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Conversations;

/// <summary>
/// What the bot says back, as data: each platform renders it in its own format. Wording that
/// differs between platforms (command syntax, markdown) lives in the renderers; facts live here.
/// </summary>
public abstract record ChatReply
{
    /// <summary>An answer or summary in the shared answer model.</summary>
    /// <param name="AnswerId">Answer-log id for quote and feedback buttons; null (the log failed) renders none.</param>
    /// <param name="Heading">Bold first line, e.g. "Summary: Semiconductors".</param>
    public sealed record Answered(Answer Answer, string? AnswerId, string? Heading = null) : ChatReply;

    /// <param name="DocumentCounts">Documents per topic id, when counted.</param>
    public sealed record TopicList(IReadOnlyList<Topic> Topics, IReadOnlyDictionary<string, int>? DocumentCounts = null) : ChatReply;

    public sealed record UnknownTopic(TopicSummary Result) : ChatReply;

    public sealed record DigestPosted(DeliveryRecord Record) : ChatReply;

    public sealed record Subscribed(Subscription Subscription) : ChatReply;

    /// <param name="Reason">Why the schedule was refused; it quotes the user's text, so renderers neutralise it.</param>
    public sealed record ScheduleRejected(string Reason) : ChatReply;

    public sealed record Unsubscribed(bool HadSubscription) : ChatReply;

    public sealed record DigestStatus(ChannelDigestStatus Status) : ChatReply;

    public sealed record DigestNeedsManager : ChatReply;

    public sealed record Quotes(Answer Answer) : ChatReply;

    public sealed record FeedbackRecorded : ChatReply;

    /// <summary>A vote that names no one cannot be one of "one vote per user".</summary>
    public sealed record VoterUnknown : ChatReply;

    /// <summary>The answer a button or vote refers to is not in this channel's log (never was, or another channel's).</summary>
    public sealed record AnswerNotFound : ChatReply;

    public sealed record Help(string? Problem) : ChatReply;

    /// <param name="Purpose">What could not be done ("answer that").</param>
    public sealed record Failed(string Purpose) : ChatReply;
}
