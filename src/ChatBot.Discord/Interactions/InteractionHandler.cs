using ChatBot.Core.Conversations;
using ChatBot.Discord.Commands;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Interactions;

/// <summary>
/// Translates interactions (gateway or HTTP endpoint) into turns of the shared conversation and
/// renders the replies: PING, slash commands (routed by <see cref="CommandDefinitions"/>), topic
/// autocomplete and the answer buttons. Anything that may take time is deferred at once and
/// finished by editing the original response.
/// </summary>
public sealed class InteractionHandler(
    ConversationService conversations,
    DiscordRestClient rest,
    DiscordReplyRenderer renderer,
    ILogger<InteractionHandler> logger)
{
    public InteractionReply Handle(Interaction interaction) => interaction.Type switch
    {
        Interaction.PingType => new(InteractionResponse.PongResponse),
        Interaction.CommandType => Command(interaction),
        Interaction.AutocompleteType => Autocomplete(interaction),
        Interaction.ComponentType => Component(interaction),
        _ => Immediate($"I do not know how to handle interaction type {interaction.Type}.", ephemeral: true),
    };

    private InteractionReply Command(Interaction interaction)
    {
        var data = interaction.Data ?? new InteractionData();
        var command = CommandDefinitions.Route(data);
        if (command is null)
        {
            return data.Name == "digest"
                ? Immediate("Use /digest now, subscribe, unsubscribe or status.", ephemeral: true)
                : Immediate($"Unknown command /{data.Name}.", ephemeral: true);
        }
        // Server-only commands are declared so; one from a DM (a stale registration, or a forged
        // one) has no Manage Channels permission Discord could have checked.
        if (CommandDefinitions.IsServersOnly(data.Name) && (interaction.ChannelId is null || interaction.GuildId is null))
        {
            return Immediate("Digests can only be set up in a server channel.", ephemeral: true);
        }
        return command switch
        {
            // Instant: the deadline leaves no time to count documents per topic.
            ChatCommand.Topics => Immediate(DiscordReplyRenderer.Describe(conversations.ListTopics()), ephemeral: false),
            ChatCommand.Ask { Question: var question } when string.IsNullOrWhiteSpace(question) => Immediate(DiscordReplyRenderer.Help, ephemeral: false),
            ChatCommand.Ask ask => Deferred(interaction, ephemeral: false, ask, ct => AskAsync(interaction, ask, ct)),
            _ => Deferred(interaction, ephemeral: false, command, ct => conversations.HandleAsync(Turn(interaction, command, conversation: null), ct)),
        };
    }

    /// <summary>/ask in a DM or in a thread the bot opened is a follow-up there; in a channel it stands alone.</summary>
    private async Task<ChatReply> AskAsync(Interaction interaction, ChatCommand.Ask ask, CancellationToken cancellationToken)
    {
        var channelId = interaction.ChannelId ?? "";
        var inConversation = interaction.GuildId is null
            || await conversations.IsStartedByBotAsync(new ChannelKey(Platforms.Discord, channelId), cancellationToken);
        return await conversations.HandleAsync(Turn(interaction, ask, inConversation ? channelId : null), cancellationToken);
    }

    private InteractionReply Autocomplete(Interaction interaction)
    {
        var partial = Focused(interaction.Data?.Options ?? [])?.StringValue ?? "";
        var choices = conversations.CompleteTopic(partial, DiscordLimits.AutocompleteChoices)
            .Take(DiscordLimits.AutocompleteChoices)
            .Where(t => t.Id.Length <= DiscordLimits.ChoiceValue)
            .Select(t => new CommandChoice(TextSplitter.Shorten(t.Name, DiscordLimits.ChoiceName), t.Id))
            .ToList();
        return new(InteractionResponse.Choices(choices));
    }

    private InteractionReply Component(Interaction interaction)
    {
        ChatCommand? command = (interaction.Data?.CustomId ?? "").Split(':') switch
        {
            // One vote per user needs a user: said at once, nothing to look up.
            ["fb", _, _] when interaction.UserId is null => new ChatCommand.Feedback("", Helpful: false),
            ["quotes", var id] => new ChatCommand.ShowQuotes(id),
            ["fb", var vote and ("up" or "down"), var id] => new ChatCommand.Feedback(id, vote == "up"),
            _ => null,
        };
        if (command is ChatCommand.Feedback && interaction.UserId is null)
        {
            return Immediate(DiscordReplyRenderer.Describe(new ChatReply.VoterUnknown()), ephemeral: true);
        }
        return command is null
            ? Immediate("That button is not recognised.", ephemeral: true)
            : Deferred(interaction, ephemeral: true, command, ct => conversations.HandleAsync(Turn(interaction, command, conversation: null), ct));
    }

    private static ChatTurn Turn(Interaction interaction, ChatCommand command, string? conversation) =>
        new(Platforms.Discord, interaction.ChannelId ?? "", conversation, interaction.UserId, command);

    private InteractionReply Deferred(Interaction interaction, bool ephemeral, ChatCommand command, Func<CancellationToken, Task<ChatReply>> work) =>
        new(InteractionResponse.Deferred(ephemeral), async ct =>
        {
            IReadOnlyList<MessagePayload> payloads;
            try
            {
                payloads = renderer.Render(await work(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await TellStoppedAsync(interaction, command.Purpose, ephemeral);
                throw;
            }
            await CompleteDeferredAsync(interaction.Token, payloads, ephemeral, ct);
        });

    /// <summary>The worker is stopping and the answer did not make it in time: say so instead of leaving "thinking…" forever.</summary>
    private async Task TellStoppedAsync(Interaction interaction, string purpose, bool ephemeral)
    {
        try
        {
            using var notice = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await CompleteDeferredAsync(interaction.Token, [DiscordReplyRenderer.Stopped(purpose)], ephemeral, notice.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DiscordApiException or HttpRequestException)
        {
            logger.LogDebug("Could not tell interaction {InteractionId} that the worker stopped: {Error}", interaction.Id, e.Message);
        }
    }

    /// <summary>The first message replaces the "thinking…" placeholder; the rest are follow-ups.</summary>
    private async Task CompleteDeferredAsync(string token, IReadOnlyList<MessagePayload> payloads, bool ephemeral, CancellationToken cancellationToken)
    {
        // Ephemerality is fixed by the deferral; an edit cannot change it, follow-ups must state it.
        await rest.EditOriginalResponseAsync(token, payloads[0] with { Flags = null }, cancellationToken);
        foreach (var payload in payloads.Skip(1))
        {
            await rest.CreateFollowupAsync(token, payload with { Flags = ephemeral ? MessagePayload.EphemeralFlag : null }, cancellationToken);
        }
    }

    private static InteractionReply Immediate(string content, bool ephemeral) =>
        new(InteractionResponse.Message(new MessagePayload { Content = content, Flags = ephemeral ? MessagePayload.EphemeralFlag : null }));

    private static CommandOptionValue? Focused(IReadOnlyList<CommandOptionValue> options) =>
        options.FirstOrDefault(o => o.Focused) ?? options.Select(o => Focused(o.Options)).FirstOrDefault(o => o is not null);
}
