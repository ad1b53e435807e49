using ChatBot.Core.Answers;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Conversations;

/// <summary>
/// The conversation, once for every platform: reads a turn's follow-up context and stores the
/// new one, asks the engine, logs the answer (so buttons and votes can refer to it), records
/// feedback, and runs summaries, topics and digest commands. Adapters translate their platform's
/// input into a <see cref="ChatTurn"/>, render the <see cref="ChatReply"/> and send it.
/// </summary>
public sealed class ConversationService(
    IAnswerEngine engine,
    IAnswerLog answerLog,
    IConversationContextStore contexts,
    ISummaryService summaries,
    ITopicCatalog topics,
    IDigestService digests,
    ILogger<ConversationService> logger)
{
    private readonly ContextCache _cache = new(capacity: 10_000);

    public async Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            return turn.Command switch
            {
                ChatCommand.Ask ask => await AskAsync(turn, ask, cancellationToken),
                ChatCommand.Summary summary => await SummaryAsync(turn, summary.Topic, cancellationToken),
                ChatCommand.Topics => await TopicsAsync(cancellationToken),
                ChatCommand.Feedback vote => await FeedbackAsync(turn, vote.AnswerId, vote.Helpful, vote.Comment, cancellationToken),
                ChatCommand.FeedbackOnMessage vote => await FeedbackOnMessageAsync(turn, vote, cancellationToken),
                ChatCommand.ShowQuotes quotes => await QuotesAsync(turn, quotes.AnswerId, cancellationToken),
                ChatCommand.Help help => new ChatReply.Help(help.Problem),
                { ChangesDigests: true } when !turn.MayManageDigests => Refused(turn),
                _ => await DigestAsync(turn, cancellationToken),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The user's text stays out of the log; the command's kind says enough.
            logger.LogError(e, "Could not {Purpose} on {Platform} ({Command})", turn.Command.Purpose, turn.Platform, turn.Command.GetType().Name);
            return new ChatReply.Failed(turn.Command.Purpose);
        }
    }

    /// <summary>The topic list without document counts: instant, for replies due within a deadline.</summary>
    public ChatReply.TopicList ListTopics() => new(topics.Topics);

    /// <summary>Topics matching what the user has typed so far (autocomplete).</summary>
    public IReadOnlyList<Topic> CompleteTopic(string partial, int max) => topics.Complete(partial, max);

    /// <summary>
    /// True for a conversation the bot opened itself (a thread on its answer), where everything said
    /// is addressed to it. Answered from memory after the first look, so it is cheap per message.
    /// </summary>
    public async Task<bool> IsStartedByBotAsync(ChannelKey conversation, CancellationToken cancellationToken) =>
        (await FindContextAsync(conversation, cancellationToken))?.StartedByBot == true;

    /// <summary>The bot opened a thread on its answer to <paramref name="question"/>: follow-ups there are read with it.</summary>
    public Task StartThreadAsync(ChannelKey thread, string question, CancellationToken cancellationToken) =>
        SaveContextAsync(thread, new ConversationContext(question, StartedByBot: true), cancellationToken);

    /// <summary>
    /// Remembers that a posted message carries a logged answer, for votes that name only the
    /// message. A failure loses only votes on that message, so it is logged, not thrown.
    /// </summary>
    public async Task LinkMessageAsync(ChannelKey channel, string messageId, string answerId, CancellationToken cancellationToken)
    {
        try
        {
            await contexts.LinkMessageAsync(channel, messageId, answerId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not link message {MessageId} to answer {AnswerId}; votes on it will not count", messageId, answerId);
        }
    }

    private async Task<ChatReply> AskAsync(ChatTurn turn, ChatCommand.Ask ask, CancellationToken cancellationToken)
    {
        var question = ask.Question.Trim();
        if (question.Length == 0)
        {
            return new ChatReply.Help(null);
        }
        var context = turn.Conversation is { } conversation && !turn.StartsConversation ? await FindContextAsync(conversation, cancellationToken) : null;
        var previous = context?.LastQuestion ?? ask.PreviousQuestion;
        var answer = await engine.AskAsync(new AskRequest(question, previous, turn.Platform), cancellationToken);
        // Both writes at once: the store commits writes that wait together in one transaction.
        var saved = turn.Conversation is { } key
            ? SaveContextAsync(key, new ConversationContext(question, context?.StartedByBot ?? false), cancellationToken)
            : Task.CompletedTask;
        var recorded = RecordAsync(turn, answer, cancellationToken);
        await saved;
        return new ChatReply.Answered(answer, await recorded);
    }

    private async Task<ChatReply> SummaryAsync(ChatTurn turn, string topic, CancellationToken cancellationToken)
    {
        var result = await summaries.SummarizeAsync(topic.Trim(), cancellationToken);
        if (result is not { Found: true, Summary: { } summary, Topic: { } found })
        {
            return new ChatReply.UnknownTopic(result);
        }
        return new ChatReply.Answered(summary, await RecordAsync(turn, summary, cancellationToken), $"Summary: {found.Name}");
    }

    private async Task<ChatReply> TopicsAsync(CancellationToken cancellationToken)
    {
        var coverage = await topics.CoverageAsync(cancellationToken);
        return new ChatReply.TopicList(
            coverage.Select(c => c.Topic).ToList(),
            coverage.GroupBy(c => c.Topic.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().DocumentCount, StringComparer.Ordinal));
    }

    /// <summary>
    /// The one answer-log failure policy: an answer that could not be logged is still the user's
    /// answer. It is posted without buttons (nothing could find it later) and the failure is logged.
    /// </summary>
    private async Task<string?> RecordAsync(ChatTurn turn, Answer answer, CancellationToken cancellationToken)
    {
        try
        {
            return await answerLog.RecordAsync(turn.Channel, turn.UserId, answer, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not record the answer in {Channel}; posting it without feedback buttons", turn.Channel);
            return null;
        }
    }

    private async Task<ChatReply> FeedbackOnMessageAsync(ChatTurn turn, ChatCommand.FeedbackOnMessage vote, CancellationToken cancellationToken)
    {
        var answerId = await contexts.FindAnswerIdAsync(turn.Channel, vote.MessageId, cancellationToken);
        return answerId is null
            ? new ChatReply.AnswerNotFound()
            : await FeedbackAsync(turn, answerId, vote.Helpful, vote.Comment, cancellationToken);
    }

    private async Task<ChatReply> FeedbackAsync(ChatTurn turn, string answerId, bool helpful, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(turn.UserId))
        {
            return new ChatReply.VoterUnknown();
        }
        if (await FindOwnAnswerAsync(turn, answerId, cancellationToken) is null)
        {
            return new ChatReply.AnswerNotFound();
        }
        return await answerLog.RecordFeedbackAsync(answerId, turn.UserId, helpful, comment, cancellationToken)
            ? new ChatReply.FeedbackRecorded()
            : new ChatReply.AnswerNotFound();
    }

    private async Task<ChatReply> QuotesAsync(ChatTurn turn, string answerId, CancellationToken cancellationToken) =>
        await FindOwnAnswerAsync(turn, answerId, cancellationToken) is { } logged
            ? new ChatReply.Quotes(logged.Answer)
            : new ChatReply.AnswerNotFound();

    /// <summary>
    /// Button data and message ids come from the client, so an answer is only found from the
    /// channel it was given in: nobody votes on, or reads, another channel's answers.
    /// </summary>
    private async Task<LoggedAnswer?> FindOwnAnswerAsync(ChatTurn turn, string answerId, CancellationToken cancellationToken)
    {
        var logged = await answerLog.FindAsync(answerId, cancellationToken);
        if (logged is not null && logged.Channel != turn.Channel)
        {
            logger.LogWarning("Answer {AnswerId} asked for from another channel ({Channel}); ignored", answerId, turn.Channel);
            return null;
        }
        return logged;
    }

    private ChatReply.DigestNeedsManager Refused(ChatTurn turn)
    {
        logger.LogInformation("Digest command {Command} refused in {Channel}: the user may not manage digests", turn.Command.GetType().Name, turn.Channel);
        return new ChatReply.DigestNeedsManager();
    }

    private async Task<ChatReply> DigestAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        var channel = turn.Channel;
        switch (turn.Command)
        {
            case ChatCommand.DigestNow:
                return new ChatReply.DigestPosted(await digests.PostNowAsync(channel, cancellationToken));
            case ChatCommand.DigestSubscribe subscribe:
                try
                {
                    var cron = string.IsNullOrWhiteSpace(subscribe.Cron) ? null : subscribe.Cron.Trim();
                    return new ChatReply.Subscribed(await digests.SubscribeAsync(channel, cron, null, backfill: false, cancellationToken));
                }
                catch (ArgumentException e)
                {
                    return new ChatReply.ScheduleRejected(e.Message);
                }
            case ChatCommand.DigestUnsubscribe:
                return new ChatReply.Unsubscribed(await digests.UnsubscribeAsync(channel, cancellationToken));
            case ChatCommand.DigestStatus:
                return new ChatReply.DigestStatus(await digests.StatusAsync(channel, cancellationToken));
            default:
                throw new ArgumentOutOfRangeException(nameof(turn), turn.Command.GetType().Name, "Unknown command.");
        }
    }

    private async Task<ConversationContext?> FindContextAsync(ChannelKey conversation, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(conversation, out var known))
        {
            return known;
        }
        var stored = await contexts.FindContextAsync(conversation, cancellationToken);
        _cache.AddIfAbsent(conversation, stored);
        return _cache.TryGet(conversation, out var current) ? current : stored;
    }

    /// <summary>A context that could not be stored only costs the follow-up after a restart: memory still has it.</summary>
    private async Task SaveContextAsync(ChannelKey conversation, ConversationContext context, CancellationToken cancellationToken)
    {
        _cache.Set(conversation, context);
        try
        {
            await contexts.SaveContextAsync(conversation, context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not store the conversation context of {Conversation}", conversation);
        }
    }
}
