namespace ChatBot.Core.Conversations;

/// <summary>
/// Keeps whatever an adapter needs to post into a channel later without an inbound message
/// (e.g. a Teams conversation reference). The engine stores it as an opaque JSON string.
/// </summary>
public interface IConversationStore
{
    Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken);

    Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken);
}
