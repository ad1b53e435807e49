using ChatBot.Teams.Connector;
using ChatBot.Teams.Outgoing;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Posts the replies to one activity, numbered in order, skipping those an earlier attempt
/// already posted (<see cref="ReplyProgress"/>).
/// </summary>
internal sealed class ActivityReplies(Activity activity, ReplyProgress progress, ConnectorClient connector, ILogger logger)
{
    public Task<string?> ReplyAsync(MessageActivity message, CancellationToken cancellationToken) =>
        SendAsync(message, reply: true, cancellationToken);

    /// <summary>
    /// Posts one reply unless an earlier attempt did. A post the Connector may have accepted (5xx,
    /// timeout, interrupted) counts as done: reposting could show it twice, and the Connector has
    /// no idempotency key.
    /// </summary>
    /// <returns>The posted message's id, when the Connector said.</returns>
    public async Task<string?> SendAsync(MessageActivity message, bool reply, CancellationToken cancellationToken)
    {
        var (index, post) = progress.Next();
        if (!post)
        {
            return null;
        }
        await progress.ConfirmAsync(cancellationToken).ConfigureAwait(false);
        var reference = ConversationReference.FromActivity(activity);
        var conversationId = activity.Conversation!.Id!;
        var addressed = reference.Address(message, conversationId, activity.From);
        try
        {
            var id = await connector.SendAsync(activity.ServiceUrl!, conversationId, addressed, reply ? activity.Id : null, cancellationToken).ConfigureAwait(false);
            await progress.DoneAsync(index, CancellationToken.None).ConfigureAwait(false);
            return id;
        }
        catch (ConnectorException ex) when (ex.MayHaveBeenAccepted)
        {
            await progress.DoneAsync(index, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning("Teams reply {Index} in {Conversation} may or may not have been posted ({Reason}); not sent again", index + 1, conversationId, ex.Message);
            if (ex.Interrupted)
            {
                throw new OperationCanceledException("stopped while a reply was being posted", ex, cancellationToken);
            }
            return null;
        }
    }
}
