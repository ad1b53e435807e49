namespace ChatBot.Teams.Activities;

/// <summary>
/// The last question per conversation thread, so a follow-up ("who chaired it?") reaches the
/// engine with its context. In memory and bounded: losing it on restart only loses that context.
/// </summary>
public sealed class ConversationMemory
{
    private const int Capacity = 2_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public string? Previous(string conversationId)
    {
        lock (_lock)
        {
            return _last.GetValueOrDefault(conversationId);
        }
    }

    public void Remember(string conversationId, string question)
    {
        lock (_lock)
        {
            if (!_last.ContainsKey(conversationId))
            {
                _order.Enqueue(conversationId);
                while (_order.Count > Capacity)
                {
                    _last.Remove(_order.Dequeue());
                }
            }
            _last[conversationId] = question;
        }
    }
}
