namespace ChatBot.Core.Conversations;

/// <summary>
/// Durable per-conversation state, so follow-ups and votes keep working after a restart. The
/// conversation key is <c>(platform, conversation id)</c>: a Discord thread or DM channel, a Teams
/// conversation id, a web chat session id.
/// </summary>
public interface IConversationContextStore
{
    Task<ConversationContext?> FindContextAsync(ChannelKey conversation, CancellationToken cancellationToken);

    /// <summary>Replaces the conversation's context.</summary>
    Task SaveContextAsync(ChannelKey conversation, ConversationContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers which logged answer a posted message carries: some platforms report a vote with the
    /// message id only (Teams' feedback loop sends <c>replyToId</c>). Message ids are only unique
    /// within their conversation.
    /// </summary>
    Task LinkMessageAsync(ChannelKey conversation, string messageId, string answerId, CancellationToken cancellationToken);

    /// <returns>The answer-log id of the answer posted as that message, or null when unknown.</returns>
    Task<string?> FindAnswerIdAsync(ChannelKey conversation, string messageId, CancellationToken cancellationToken);
}
