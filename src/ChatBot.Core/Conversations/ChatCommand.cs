namespace ChatBot.Core.Conversations;

/// <summary>What a user asked the bot to do, whatever the platform it came through.</summary>
public abstract record ChatCommand
{
    /// <summary>Words for "Sorry, I could not … just now": what this command does.</summary>
    public abstract string Purpose { get; }

    /// <param name="PreviousQuestion">
    /// A context the client itself kept (the web page's last question); used only when the
    /// conversation has no stored context.
    /// </param>
    public sealed record Ask(string Question, string? PreviousQuestion = null) : ChatCommand
    {
        public override string Purpose => "answer that";
    }

    public sealed record Summary(string Topic) : ChatCommand
    {
        public override string Purpose => "summarise that topic";
    }

    public sealed record Topics : ChatCommand
    {
        public override string Purpose => "list the topics";
    }

    public sealed record DigestNow : ChatCommand
    {
        public override string Purpose => "post the digest";
    }

    public sealed record DigestSubscribe(string? Cron) : ChatCommand
    {
        public override string Purpose => "subscribe this channel";
    }

    public sealed record DigestUnsubscribe : ChatCommand
    {
        public override string Purpose => "unsubscribe this channel";
    }

    public sealed record DigestStatus : ChatCommand
    {
        public override string Purpose => "read the digest status";
    }

    /// <summary>A vote on a logged answer, by its answer-log id (buttons and cards carry it).</summary>
    public sealed record Feedback(string AnswerId, bool Helpful, string? Comment = null) : ChatCommand
    {
        public override string Purpose => "record your feedback";
    }

    /// <summary>A vote on the message an answer was posted as (Teams' feedback loop names only the message).</summary>
    public sealed record FeedbackOnMessage(string MessageId, bool Helpful, string? Comment = null) : ChatCommand
    {
        public override string Purpose => "record your feedback";
    }

    public sealed record ShowQuotes(string AnswerId) : ChatCommand
    {
        public override string Purpose => "show the quotes";
    }

    /// <param name="Problem">Why the input was not a command, said before the help text.</param>
    public sealed record Help(string? Problem = null) : ChatCommand
    {
        public override string Purpose => "show the help";
    }

    /// <summary>True for digest commands that change what a channel receives (they need a manager).</summary>
    public bool ChangesDigests => this is DigestNow or DigestSubscribe or DigestUnsubscribe;
}
