using ChatBot.Core.Conversations;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    /// <summary>Longest question kept as context; a longer one is cut (the engine only needs its words).</summary>
    internal const int MaxContextChars = 4_000;

    /// <summary>Longest conversation or message id accepted: platform ids are far shorter, anything longer is not one.</summary>
    internal const int MaxIdChars = 512;

    public async Task<ConversationContext?> FindContextAsync(ChannelKey conversation, CancellationToken cancellationToken)
    {
        if (!IsId(conversation.ChannelId))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection,
            "SELECT last_question, started_by_bot FROM conversation_contexts WHERE platform = @p AND conversation_id = @c",
            r => new ConversationContext(GetStringOrNull(r, 0), r.GetInt64(1) != 0),
            cancellationToken, ("@p", conversation.Platform), ("@c", conversation.ChannelId));
        return rows.FirstOrDefault();
    }

    public async Task SaveContextAsync(ChannelKey conversation, ConversationContext context, CancellationToken cancellationToken)
    {
        RequireId(conversation.ChannelId, nameof(conversation));
        var question = context.LastQuestion is { Length: > MaxContextChars } text ? text[..MaxContextChars] : context.LastQuestion;
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"""
            INSERT INTO conversation_contexts (platform, conversation_id, last_question, started_by_bot, updated_at)
            VALUES (@p, @c, @q, @bot, {StoreNow})
            ON CONFLICT (platform, conversation_id) DO UPDATE SET last_question = excluded.last_question,
                started_by_bot = excluded.started_by_bot, updated_at = excluded.updated_at
            """,
            ("@p", conversation.Platform), ("@c", conversation.ChannelId), ("@q", question),
            ("@bot", context.StartedByBot ? 1 : 0), StoreClock), cancellationToken);
    }

    public async Task LinkMessageAsync(ChannelKey conversation, string messageId, string answerId, CancellationToken cancellationToken)
    {
        RequireId(conversation.ChannelId, nameof(conversation));
        RequireId(messageId, nameof(messageId));
        ArgumentException.ThrowIfNullOrWhiteSpace(answerId);
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"""
            INSERT INTO answer_messages (platform, conversation_id, message_id, answer_id, at) VALUES (@p, @c, @m, @a, {StoreNow})
            ON CONFLICT (platform, conversation_id, message_id) DO UPDATE SET answer_id = excluded.answer_id, at = excluded.at
            """,
            ("@p", conversation.Platform), ("@c", conversation.ChannelId), ("@m", messageId), ("@a", answerId),
            StoreClock), cancellationToken);
    }

    public async Task<string?> FindAnswerIdAsync(ChannelKey conversation, string messageId, CancellationToken cancellationToken)
    {
        if (!IsId(conversation.ChannelId) || !IsId(messageId))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        return (string?)await ScalarAsync(connection, null,
            "SELECT answer_id FROM answer_messages WHERE platform = @p AND conversation_id = @c AND message_id = @m",
            cancellationToken, ("@p", conversation.Platform), ("@c", conversation.ChannelId), ("@m", messageId));
    }

    private static bool IsId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdChars;

    private static void RequireId(string? id, string name)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"An id must be 1 to {MaxIdChars} characters.", name);
        }
    }
}
