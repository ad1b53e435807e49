namespace ChatBot.Core.Conversations;

/// <summary>
/// One thing a user said to the bot, translated out of its platform's protocol.
/// </summary>
/// <param name="Platform">"discord", "teams" or "web"; also the answer engine's metrics origin.</param>
/// <param name="ChannelId">Where the bot replies and digests go: the answer log and digest subscriptions are kept per channel.</param>
/// <param name="ConversationId">
/// The conversation whose context a follow-up is read in (a Discord thread or DM, a Teams
/// conversation, a web chat session); null where questions stand alone (a busy guild channel).
/// </param>
/// <param name="UserId">Who asked or voted; one vote per user and answer.</param>
public sealed record ChatTurn(string Platform, string ChannelId, string? ConversationId, string? UserId, ChatCommand Command)
{
    /// <summary>
    /// Whether this user may change the channel's digests; the platform decides (Discord's Manage
    /// Channels permission, a Teams team owner). Only asked for commands that change digests.
    /// </summary>
    public bool MayManageDigests { get; init; } = true;

    /// <summary>
    /// The conversation begins with this turn (the server has just handed out its id): no context
    /// can be stored for it yet, so none is looked up.
    /// </summary>
    public bool StartsConversation { get; init; }

    public ChannelKey Channel => new(Platform, ChannelId);

    public ChannelKey? Conversation => ConversationId is null ? null : new(Platform, ConversationId);
}
