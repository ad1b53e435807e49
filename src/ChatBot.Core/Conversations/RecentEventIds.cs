namespace ChatBot.Core.Conversations;

/// <summary>
/// Event ids seen recently, so a platform's redelivery of an event (a gateway resume replaying
/// dispatches, a retried webhook, a captured request sent again) is handled once. Bounded in time
/// and size: ids are forgotten after the window or, oldest first, when the set is full.
/// </summary>
public sealed class RecentEventIds(TimeProvider time, TimeSpan window, int capacity)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();
    private readonly Lock _lock = new();

    public TimeSpan Window => window;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <returns>True the first time an id is seen within the window; false for a repeat.</returns>
    public bool TryAdd(string id)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && (now - oldest.At >= window || _order.Count >= capacity))
            {
                _order.Dequeue();
                // A removed and re-added id has a newer entry further back; only its own entry may forget it.
                if (_seen.TryGetValue(oldest.Id, out var at) && at == oldest.At)
                {
                    _seen.Remove(oldest.Id);
                }
            }
            if (_seen.ContainsKey(id))
            {
                return false;
            }
            _seen[id] = now;
            _order.Enqueue((id, now));
            return true;
        }
    }

    /// <summary>Forgets an id whose event could not be accepted, so the sender's retry is handled.</summary>
    public void Remove(string id)
    {
        lock (_lock)
        {
            _seen.Remove(id);
        }
    }
}
