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
/// added or last spoken to. In a team channel each digest starts its own thread; later parts of
/// a long digest go into that thread. Parts are reported one by one, so a retry posts only what
/// is missing; a part Teams may have taken (5xx, timeout, interrupted after sending) is recorded
/// as uncertain and never posted again, since the Connector has no idempotency key.
/// </summary>
/// <remarks>
/// A singleton (the digest runner holds on to its publishers), so the Connector client, a typed
/// HttpClient meant to be short-lived, is resolved per post.
/// </remarks>
public sealed class TeamsDigestPublisher(IServiceProvider services, TeamsAnswerRenderer renderer) : IDigestPublisher
{
    public string Platform => ConversationReference.Platform;

    public Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken) =>
        PublishAsync(channel, digest, DeliveryProgress.None(), cancellationToken);

    public async Task PublishAsync(ChannelKey channel, Digest digest, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        var store = services.GetService<IConversationStore>()
            ?? throw new DeliveryFailedException("no conversation store is registered", permanent: false);
        var json = await store.GetReferenceAsync(channel, cancellationToken).ConfigureAwait(false);
        var reference = (json is null ? null : ConversationReference.FromJson(json))
            ?? throw new DeliveryFailedException("the bot has no record of this Teams conversation; add the bot to it (or message it) first", permanent: true);

        var messages = renderer.Render(digest.Body, answerId: null, Heading(digest));
        var connector = services.GetRequiredService<ConnectorClient>();
        // In a channel the first part opens a thread; its id is the publisher's resume state.
        var thread = progress.State;
        for (var index = progress.PartsDone; index < messages.Count; index++)
        {
            var message = messages[index];
            await progress.BeginPartAsync(index, cancellationToken).ConfigureAwait(false);
            try
            {
                if (reference.IsTeamChannel && thread is null)
                {
                    // The first part, or the first after an opening part whose fate is unknown: a new thread.
                    var created = await connector.CreateConversationAsync(reference.ServiceUrl, NewThread(reference, message), cancellationToken).ConfigureAwait(false);
                    thread = created.Id;
                    await progress.PartSentAsync(index, thread, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var conversationId = thread ?? reference.ConversationId;
                    await connector.SendAsync(reference.ServiceUrl, conversationId, reference.Address(message, conversationId), replyToId: null, cancellationToken).ConfigureAwait(false);
                    await progress.PartSentAsync(index, thread, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ConnectorException ex) when (ex.MayHaveBeenAccepted)
            {
                await progress.PartUncertainAsync(index, messages.Count, ex.Message, cancellationToken).ConfigureAwait(false);
                if (ex.Interrupted)
                {
                    throw new OperationCanceledException("stopped while a digest part was being posted", ex, cancellationToken);
                }
            }
            catch (ConnectorException ex)
            {
                await progress.PartNotSentAsync(cancellationToken).ConfigureAwait(false);
                var reason = ex.RefusedByPolicy
                    ? "the conversation's stored serviceUrl is not an allowed Connector URL (Teams:AllowedServiceUrls); nothing was sent"
                    : ex.IsPermanent ? "Teams refused the post: the bot was removed or the conversation is gone" : $"Teams did not accept the post: {ex.Message}";
                throw new DeliveryFailedException(reason, ex.IsPermanent, ex)
                {
                    RetryAfter = ex.RetryAfter,
                };
            }
            catch (OperationCanceledException)
            {
                // Stopped before the request left (waiting for a token or between retries): nothing is out.
                await progress.PartNotSentAsync(cancellationToken).ConfigureAwait(false);
                throw;
            }
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
