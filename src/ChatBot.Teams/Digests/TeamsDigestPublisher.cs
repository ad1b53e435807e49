using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Outgoing;
using ChatBot.Teams.Rendering;

namespace ChatBot.Teams.Digests;

/// <summary>
/// Posts scheduled digests into Teams conversations using the reference stored when the bot was
/// added or last spoken to. In a team channel each digest starts its own thread; later parts of
/// a long digest go into that thread. Parts are reported one by one, so a retry posts only what
/// is missing; a part Teams may have taken (5xx, timeout, interrupted after sending) is recorded
/// as uncertain and never posted again, since the Connector has no idempotency key.
/// </summary>
public sealed class TeamsDigestPublisher(IConversationStore store, ConnectorClient connector, TeamsAnswerRenderer renderer) : IDigestPublisher
{
    public string Platform => Platforms.Teams;

    public Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken) =>
        PublishAsync(channel, digest, DeliveryProgress.None(), cancellationToken);

    public async Task PublishAsync(ChannelKey channel, Digest digest, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        var json = await store.GetReferenceAsync(channel, cancellationToken).ConfigureAwait(false);
        var reference = (json is null ? null : ConversationReference.FromJson(json))
            ?? throw new DeliveryFailedException("the bot has no record of this Teams conversation; add the bot to it (or message it) first", permanent: true);

        var messages = renderer.Render(digest.Body, answerId: null, digest.Heading);
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

    private static ConversationParameters NewThread(ConversationReference reference, MessageActivity activity) =>
        new(IsGroup: true,
            new ThreadChannelData(new IdOnly(reference.TeamsChannelId), reference.TenantId is { } tenant ? new IdOnly(tenant) : null),
            activity with { ChannelId = reference.ChannelId })
        {
            TenantId = reference.TenantId,
            Bot = reference.Bot is { Id: not null } bot ? new ChannelAccount(bot.Id, bot.Name) : null,
        };

}
