namespace ChatBot.Teams.Activities;

/// <summary>
/// Activity ids seen recently, so Teams' retries of a slow request never produce a second reply.
/// Bounded in size and time: ids are forgotten after <see cref="Window"/> or when the set is full.
/// </summary>
public sealed class RecentActivityIds(TimeProvider time)
{
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    internal const int Capacity = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <returns>True the first time a key is seen within the window.</returns>
    public bool TryAdd(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Evict(now);
            if (_seen.ContainsKey(key))
            {
                return false;
            }
            _seen[key] = now;
            _order.Enqueue((key, now));
            return true;
        }
    }

    /// <summary>Forgets a key whose activity could not be accepted, so the sender's retry is processed.</summary>
    public void Remove(string key)
    {
        lock (_lock)
        {
            _seen.Remove(key);
        }
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && (now - oldest.At > Window || _order.Count >= Capacity))
        {
            _order.Dequeue();
            if (_seen.TryGetValue(oldest.Key, out var at) && at == oldest.At)
            {
                _seen.Remove(oldest.Key);
            }
        }
    }
}
