using System.Text.Json;
using ChatBot.Core.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Discord.Messages;

/// <summary>
/// Remembers, per thread the bot started (and per DM channel), the question it is about, so a
/// follow-up such as "who chaired it?" is asked with that earlier question as context. Kept in
/// memory (bounded, oldest forgotten first) and, when a conversation store is registered, in the
/// store too, so threads keep working after a restart.
/// </summary>
public sealed class ConversationContexts(IConversationStore? store = null, ILogger<ConversationContexts>? logger = null)
{
    private const int Capacity = 10_000;

    private readonly Dictionary<string, Context> _byChannel = [];
    private readonly Queue<string> _order = new();
    private readonly RecentIds _notOurs = new(Capacity);
    private readonly Lock _lock = new();
    private readonly ILogger _logger = logger ?? NullLogger<ConversationContexts>.Instance;

    public enum Kind
    {
        Thread,
        DirectMessage,
    }

    private sealed record Context(Kind Kind, string Question);

    /// <summary>True when the bot started this thread (from memory only: cheap enough for every message).</summary>
    public bool IsBotThread(string channelId)
    {
        lock (_lock)
        {
            return _byChannel.TryGetValue(channelId, out var context) && context.Kind == Kind.Thread;
        }
    }

    /// <summary>Like <see cref="IsBotThread"/>, also asking the store about channels not seen since start-up.</summary>
    public async Task<bool> IsBotThreadAsync(string channelId, CancellationToken cancellationToken) =>
        (await FindAsync(channelId, cancellationToken))?.Kind == Kind.Thread;

    public async Task<string?> PreviousQuestionAsync(string channelId, CancellationToken cancellationToken) =>
        (await FindAsync(channelId, cancellationToken))?.Question;

    public async Task RememberAsync(string channelId, Kind kind, string question, CancellationToken cancellationToken)
    {
        var context = new Context(kind, question);
        Keep(channelId, context);
        if (store is null)
        {
            return;
        }
        try
        {
            await store.SaveReferenceAsync(Key(channelId), JsonSerializer.Serialize(context, DiscordJson.Options), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Memory still has it; only a restart would lose the context.
            _logger.LogWarning(e, "Could not store the conversation context of channel {ChannelId}", channelId);
        }
    }

    private async Task<Context?> FindAsync(string channelId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_byChannel.TryGetValue(channelId, out var known))
            {
                return known;
            }
        }
        if (store is null || !_notOurs.TryAdd(channelId))
        {
            // No store, or the store was already asked about this channel and had nothing.
            return null;
        }
        var json = await store.GetReferenceAsync(Key(channelId), cancellationToken);
        Context? stored = null;
        try
        {
            stored = json is null ? null : JsonSerializer.Deserialize<Context>(json, DiscordJson.Options);
        }
        catch (JsonException e)
        {
            _logger.LogWarning("Ignoring an unreadable conversation context for channel {ChannelId}: {Error}", channelId, e.Message);
        }
        if (stored is not null)
        {
            Keep(channelId, stored);
        }
        return stored;
    }

    private void Keep(string channelId, Context context)
    {
        lock (_lock)
        {
            if (!_byChannel.ContainsKey(channelId))
            {
                _order.Enqueue(channelId);
                if (_order.Count > Capacity)
                {
                    _byChannel.Remove(_order.Dequeue());
                }
            }
            _byChannel[channelId] = context;
        }
    }

    private static ChannelKey Key(string channelId) => new(DiscordAnswerService.Platform + "-conversation", channelId);
}
