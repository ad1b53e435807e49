using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Messages;

/// <summary>
/// Answers a question asked by mentioning the bot, by DM, or inside a thread the bot started.
/// The reply goes to the asking message; in a guild channel it then opens a thread on the reply
/// so follow-ups ("who chaired it?") are asked with the first question as context.
/// </summary>
public sealed class MessageHandler(
    DiscordRestClient rest,
    DiscordAnswerService answers,
    DiscordBotIdentity identity,
    ConversationContexts contexts,
    TimeProvider time,
    ILogger<MessageHandler> logger)
{
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(8);

    public const string Help = "Ask me about the EU–Republic of Korea Digital Partnership, e.g. \"When is the next council?\"";

    /// <summary>Cheap first filter, run for every message on the gateway: never bots (this one included) or webhooks.</summary>
    public bool MayAnswer(DiscordMessage message) =>
        !message.Author.Bot && message.WebhookId is null && identity.UserId is { } botId && message.Author.Id != botId;

    /// <summary>
    /// DMs, mentions (of the bot or its managed role), and anything said in a thread the bot
    /// started; other guild messages are ignored. Without the Message Content intent a thread
    /// message that does not mention the bot arrives with no text: there is nothing to answer.
    /// </summary>
    public async Task<bool> IsAddressedAsync(DiscordMessage message, CancellationToken cancellationToken) =>
        message.GuildId is null
        || Mentions.MentionsBot(message, identity.UserId!, identity.ManagedRoleIn(message.GuildId))
        || (!string.IsNullOrWhiteSpace(message.Content) && await contexts.IsBotThreadAsync(message.ChannelId, cancellationToken));

    public async Task HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        var botId = identity.UserId!;
        var question = Mentions.StripBotMention(message.Content, botId, identity.ManagedRoleIn(message.GuildId));
        var reply = new MessageReference(message.Id);
        if (question.Length == 0)
        {
            await rest.CreateMessageAsync(message.ChannelId, new MessagePayload { Content = Help, MessageReference = reply }, cancellationToken);
            return;
        }

        var isDirect = message.GuildId is null;
        var inBotThread = !isDirect && await contexts.IsBotThreadAsync(message.ChannelId, cancellationToken);
        var previous = isDirect || inBotThread ? await contexts.PreviousQuestionAsync(message.ChannelId, cancellationToken) : null;

        IReadOnlyList<MessagePayload> payloads;
        using (var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var typingLoop = KeepTypingAsync(message.ChannelId, typing.Token);
            try
            {
                payloads = await answers.AnswerAsync(message.ChannelId, message.Author.Id, question, previous, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Answering message {MessageId} failed", message.Id);
                payloads = [DiscordAnswerService.Failure("answer that")];
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await typing.CancelAsync();
                await typingLoop;
                await TellStoppedAsync(message.ChannelId, reply);
                throw;
            }
            await typing.CancelAsync();
            await typingLoop;
        }

        string? firstId = null;
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = i == 0 ? payloads[i] with { MessageReference = reply } : payloads[i];
            var created = await rest.CreateMessageAsync(message.ChannelId, payload, cancellationToken);
            firstId ??= created?.Id;
        }

        if (isDirect)
        {
            await contexts.RememberAsync(message.ChannelId, ConversationContexts.Kind.DirectMessage, question, cancellationToken);
        }
        else if (!inBotThread && firstId is not null)
        {
            await StartThreadAsync(message.ChannelId, firstId, question, cancellationToken);
        }
    }

    /// <summary>The worker is stopping and the answer did not make it in time: say so rather than stay silent.</summary>
    private async Task TellStoppedAsync(string channelId, MessageReference reply)
    {
        try
        {
            using var notice = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await rest.CreateMessageAsync(channelId, DiscordAnswerService.Stopped("answer that") with { MessageReference = reply }, notice.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DiscordApiException or HttpRequestException)
        {
            logger.LogDebug("Could not tell channel {ChannelId} that the worker stopped: {Error}", channelId, e.Message);
        }
    }

    private async Task StartThreadAsync(string channelId, string replyId, string question, CancellationToken cancellationToken)
    {
        try
        {
            var thread = await rest.StartThreadAsync(channelId, replyId, TextSplitter.Shorten(question, DiscordLimits.ThreadName), cancellationToken);
            await contexts.RememberAsync(thread.Id, ConversationContexts.Kind.Thread, question, cancellationToken);
        }
        catch (DiscordApiException e)
        {
            // E.g. the message is already in a thread, or the bot may not create threads here: the answer stands alone.
            logger.LogInformation("No follow-up thread for message {MessageId}: {Error}", replyId, e.Message);
        }
    }

    private async Task KeepTypingAsync(string channelId, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await rest.TriggerTypingAsync(channelId, cancellationToken);
                await Task.Delay(TypingRefresh, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is DiscordApiException or HttpRequestException)
        {
            // The indicator is a courtesy; the answer goes out regardless.
            logger.LogDebug("Typing indicator failed: {Error}", e.Message);
        }
    }
}
