using ChatBot.Core.Conversations;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Messages;

/// <summary>
/// Translates a question asked by mentioning the bot, by DM, or inside a thread the bot started
/// into a turn of the shared conversation and posts the reply to the asking message; in a guild
/// channel it then opens a thread on the reply, where follow-ups ("who chaired it?") are asked
/// with the first question as context.
/// </summary>
public sealed class MessageHandler(
    DiscordRestClient rest,
    ConversationService conversations,
    DiscordReplyRenderer renderer,
    DiscordBotIdentity identity,
    TimeProvider time,
    ILogger<MessageHandler> logger)
{
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(8);

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
        || (!string.IsNullOrWhiteSpace(message.Content) && await conversations.IsStartedByBotAsync(Conversation(message.ChannelId), cancellationToken));

    public async Task HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        var question = Mentions.StripBotMention(message.Content, identity.UserId!, identity.ManagedRoleIn(message.GuildId));
        var reply = new MessageReference(message.Id);
        if (question.Length == 0)
        {
            await rest.CreateMessageAsync(message.ChannelId, new MessagePayload { Content = DiscordReplyRenderer.Help, MessageReference = reply }, cancellationToken);
            return;
        }

        // DMs and the bot's own threads are conversations; a question in a busy channel stands alone.
        var isDirect = message.GuildId is null;
        var inBotThread = !isDirect && await conversations.IsStartedByBotAsync(Conversation(message.ChannelId), cancellationToken);
        var turn = new ChatTurn(Platforms.Discord, message.ChannelId, isDirect || inBotThread ? message.ChannelId : null, message.Author.Id, new ChatCommand.Ask(question));

        IReadOnlyList<MessagePayload> payloads;
        await using (TypingLoop.Start(ct => rest.TriggerTypingAsync(message.ChannelId, ct), TypingRefresh, time, logger, cancellationToken))
        {
            try
            {
                payloads = renderer.Render(await conversations.HandleAsync(turn, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await TellStoppedAsync(message.ChannelId, reply, turn.Command.Purpose);
                throw;
            }
        }

        string? firstId = null;
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = i == 0 ? payloads[i] with { MessageReference = reply } : payloads[i];
            var created = await rest.CreateMessageAsync(message.ChannelId, payload, cancellationToken);
            firstId ??= created?.Id;
        }

        if (!isDirect && !inBotThread && firstId is not null)
        {
            await StartThreadAsync(message.ChannelId, firstId, question, cancellationToken);
        }
    }

    private static ChannelKey Conversation(string channelId) => new(Platforms.Discord, channelId);

    /// <summary>The worker is stopping and the answer did not make it in time: say so rather than stay silent.</summary>
    private async Task TellStoppedAsync(string channelId, MessageReference reply, string purpose)
    {
        try
        {
            using var notice = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await rest.CreateMessageAsync(channelId, DiscordReplyRenderer.Stopped(purpose) with { MessageReference = reply }, notice.Token);
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
            await conversations.StartThreadAsync(Conversation(thread.Id), question, cancellationToken);
        }
        catch (DiscordApiException e)
        {
            // E.g. the message is already in a thread, or the bot may not create threads here: the answer stands alone.
            logger.LogInformation("No follow-up thread for message {MessageId}: {Error}", replyId, e.Message);
        }
    }
}
