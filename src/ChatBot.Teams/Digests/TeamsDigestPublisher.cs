using System.Globalization;
using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Digests;

/// <summary>
/// Posts scheduled digests into Teams conversations using the reference stored when the bot was
/// added or last spoken to. In a team channel each digest starts its own thread.
/// </summary>
/// <remarks>
/// A singleton (the digest runner holds on to its publishers), so the Connector client, a typed
/// HttpClient meant to be short-lived, is resolved per post.
/// </remarks>
public sealed class TeamsDigestPublisher(IServiceProvider services, TeamsAnswerRenderer renderer) : IDigestPublisher
{
    public string Platform => ConversationReference.Platform;

    public async Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken)
    {
        var store = services.GetService<IConversationStore>()
            ?? throw new DeliveryFailedException("no conversation store is registered", permanent: false);
        var json = await store.GetReferenceAsync(channel, cancellationToken).ConfigureAwait(false);
        var reference = json is null ? null : ConversationReference.FromJson(json);
        if (reference is null)
        {
            throw new DeliveryFailedException("the bot has no record of this Teams conversation; add the bot to it (or message it) first", permanent: true);
        }

        var messages = renderer.Render(digest.Body, answerId: null, Heading(digest));
        var connector = services.GetRequiredService<ConnectorClient>();
        try
        {
            var conversationId = reference.ConversationId;
            var first = 0;
            if (reference.IsTeamChannel)
            {
                var created = await connector.CreateConversationAsync(reference.ServiceUrl, NewThread(reference, messages[0]), cancellationToken).ConfigureAwait(false);
                conversationId = created.Id;
                first = 1;
            }
            foreach (var message in messages.Skip(first))
            {
                await connector.SendAsync(reference.ServiceUrl, conversationId, reference.Address(message, conversationId), replyToId: null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorException ex)
        {
            throw new DeliveryFailedException(
                ex.IsPermanent ? "Teams refused the post: the bot was removed or the conversation is gone" : $"Teams did not accept the post: {ex.Message}",
                ex.IsPermanent,
                ex);
        }
    }

    /// <summary>A backfill digest starts at the beginning of time; saying "from 0001-01-01" would be silly.</summary>
    internal static string Heading(Digest digest) =>
        digest.Since.Year < 1900
            ? string.Create(CultureInfo.InvariantCulture, $"Digest: the documents up to {digest.Until:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"Digest: what's new from {digest.Since:yyyy-MM-dd} to {digest.Until:yyyy-MM-dd}");

    private static JsonObject NewThread(ConversationReference reference, JsonObject activity)
    {
        activity["channelId"] = reference.ChannelId;
        var parameters = new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = reference.TeamsChannelId } },
            ["activity"] = activity,
        };
        if (reference.TenantId is not null)
        {
            parameters["tenantId"] = reference.TenantId;
            ((JsonObject)parameters["channelData"]!)["tenant"] = new JsonObject { ["id"] = reference.TenantId };
        }
        if (reference.Bot is { Id: not null } bot)
        {
            parameters["bot"] = new JsonObject { ["id"] = bot.Id, ["name"] = bot.Name };
        }
        return parameters;
    }
}
