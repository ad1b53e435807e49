namespace ChatBot.Core.Conversations;

/// <summary>
/// The contexts looked up or saved recently, including "none stored": whether a message is in a
/// bot thread is asked for every message the gateway delivers, and must not cost a query each.
/// Bounded; the oldest entries are forgotten first.
/// </summary>
internal sealed class ContextCache(int capacity)
{
    private readonly Dictionary<ChannelKey, ConversationContext?> _entries = [];
    private readonly Queue<ChannelKey> _order = new();
    private readonly Lock _lock = new();

    public bool TryGet(ChannelKey conversation, out ConversationContext? context)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(conversation, out context);
        }
    }

    /// <summary>Keeps what the store said, unless a save got there first (the store may have answered before that save).</summary>
    public void AddIfAbsent(ChannelKey conversation, ConversationContext? context)
    {
        lock (_lock)
        {
            if (!_entries.ContainsKey(conversation))
            {
                Keep(conversation, context);
            }
        }
    }

    public void Set(ChannelKey conversation, ConversationContext? context)
    {
        lock (_lock)
        {
            Keep(conversation, context);
        }
    }

    /// <summary>Called under the lock.</summary>
    private void Keep(ChannelKey conversation, ConversationContext? context)
    {
        if (!_entries.ContainsKey(conversation))
        {
            _order.Enqueue(conversation);
            while (_order.Count > capacity)
            {
                _entries.Remove(_order.Dequeue());
            }
        }
        _entries[conversation] = context;
    }
}
