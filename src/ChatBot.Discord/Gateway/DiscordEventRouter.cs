using System.Text.Json;
using ChatBot.Core.Coordination;
using ChatBot.Discord.Interactions;
using ChatBot.Discord.Messages;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Hands gateway dispatches to the message and interaction handlers, once per event id across
/// workers (a resume replays events; a shard hand-over may deliver one to two workers), without blocking the receive loop.
/// </summary>
public sealed class DiscordEventRouter(
    MessageHandler messages,
    InteractionHandler interactions,
    DiscordRestClient rest,
    DiscordBackgroundWork work,
    EventDeduplicator seen,
    DiscordBotIdentity identity,
    ILogger<DiscordEventRouter> logger) : IGatewayDispatchHandler
{
    public void OnDispatch(string type, JsonElement data)
    {
        switch (type)
        {
            case "MESSAGE_CREATE":
                var message = data.Deserialize(DiscordJsonContext.Default.DiscordMessage);
                if (message is null || !messages.MayAnswer(message))
                {
                    return;
                }
                work.Run("reply to a message", async ct =>
                {
                    // Checked before the de-duplication so a replay of an ignored message stays ignored, not "seen".
                    if (await messages.IsAddressedAsync(message, ct) && await seen.TryAddAsync("discord:message:" + message.Id, ct))
                    {
                        await messages.HandleAsync(message, ct);
                    }
                });
                break;
            case "INTERACTION_CREATE":
                var interaction = data.Deserialize(DiscordJsonContext.Default.Interaction);
                if (interaction is null)
                {
                    return;
                }
                work.Run("answer an interaction", async ct =>
                {
                    // Shared with the HTTP endpoint and every worker: one answer per interaction id.
                    if (!await seen.TryAddAsync("discord:interaction:" + interaction.Id, ct))
                    {
                        return;
                    }
                    var reply = interactions.Handle(interaction);
                    await rest.RespondAsync(interaction.Id, interaction.Token, reply.Response, ct);
                    if (reply.After is not null)
                    {
                        await reply.After(ct);
                    }
                });
                break;
            case "GUILD_CREATE":
                identity.LearnGuild(data);
                break;
            case "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE":
                identity.LearnRoleEvent(data);
                break;
            case "GUILD_ROLE_DELETE":
                identity.ForgetRole(data);
                break;
            case "GUILD_DELETE":
                identity.ForgetGuild(data);
                break;
            default:
                logger.LogTrace("Ignoring gateway event {Type}", type);
                break;
        }
    }
}
