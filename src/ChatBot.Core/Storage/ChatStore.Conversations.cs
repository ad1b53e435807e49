using ChatBot.Core.Conversations;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    public async Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceJson);
        // Written on every inbound message: batched with the other writes of that moment.
        await WriteInBatchAsync(batch => batch.ExecuteAsync(
            $"""
            INSERT INTO conversation_refs (platform, channel_id, reference_json, updated_at) VALUES (@p, @c, @json, {StoreNow})
            ON CONFLICT (platform, channel_id) DO UPDATE SET reference_json = excluded.reference_json, updated_at = excluded.updated_at
            """,
            ("@p", channel.Platform), ("@c", channel.ChannelId), ("@json", referenceJson), StoreClock), cancellationToken);
    }

    public async Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (string?)await ScalarAsync(connection, null,
            "SELECT reference_json FROM conversation_refs WHERE platform = @p AND channel_id = @c",
            cancellationToken, ("@p", channel.Platform), ("@c", channel.ChannelId));
    }
}
