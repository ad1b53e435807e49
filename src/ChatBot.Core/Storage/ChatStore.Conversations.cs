using ChatBot.Core.Conversations;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    public async Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceJson);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            """
            INSERT INTO conversation_refs (platform, channel_id, reference_json, updated_at) VALUES (@p, @c, @json, @now)
            ON CONFLICT (platform, channel_id) DO UPDATE SET reference_json = excluded.reference_json, updated_at = excluded.updated_at
            """,
            cancellationToken,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@json", referenceJson), ("@now", ToDb(_time.GetUtcNow())));
    }

    public async Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (string?)await ScalarAsync(connection, null,
            "SELECT reference_json FROM conversation_refs WHERE platform = @p AND channel_id = @c",
            cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId));
    }
}
