using System.Collections.Concurrent;
using System.Text.Json;
using ChatBot.Core.Conversations;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Maps the Teams message id of a posted answer to its answer-log id. Teams' feedback loop
/// reports a vote with the message id only (<c>replyToId</c>), so the link is kept — in memory,
/// and in the conversation store (under platform <c>teams-answer</c>) so votes after a restart
/// still count.
/// </summary>
public sealed class AnswerMessageIndex
{
    public const string StorePlatform = "teams-answer";

    private const int Capacity = 5_000;

    private readonly ConcurrentDictionary<string, string> _byMessage = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Message ids are only unique within a conversation, so the conversation is part of the key.</summary>
    private static string Key(ChannelKey conversation, string messageId) => $"{conversation.ChannelId}|{messageId}";

    public async Task RememberAsync(ChannelKey conversation, string messageId, string answerId, IConversationStore? store, CancellationToken cancellationToken)
    {
        var key = Key(conversation, messageId);
        if (_byMessage.TryAdd(key, answerId))
        {
            _order.Enqueue(key);
            while (_order.Count > Capacity && _order.TryDequeue(out var old))
            {
                _byMessage.TryRemove(old, out _);
            }
        }
        if (store is not null)
        {
            await store.SaveReferenceAsync(new ChannelKey(StorePlatform, key), JsonSerializer.Serialize(new Entry(answerId)), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string?> FindAsync(ChannelKey conversation, string messageId, IConversationStore? store, CancellationToken cancellationToken)
    {
        var key = Key(conversation, messageId);
        if (_byMessage.TryGetValue(key, out var answerId))
        {
            return answerId;
        }
        if (store is null || await store.GetReferenceAsync(new ChannelKey(StorePlatform, key), cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Entry>(json)?.AnswerId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Entry(string AnswerId);
}
