namespace ChatBot.Discord.Interactions;

/// <summary>
/// Interaction ids accepted on the HTTP endpoint, kept as long as their signature could still
/// pass the timestamp check, so a captured request replayed within that window is refused.
/// Only Discord can sign new interactions, so the set stays as small as real traffic; the cap
/// is a last resort against a flood.
/// </summary>
public sealed class SeenInteractions(TimeProvider time, int capacity = 100_000)
{
    /// <summary>A timestamp up to the skew in the future stays valid until the skew has passed after it.</summary>
    public static readonly TimeSpan Keep = Ed25519SignatureVerifier.MaxClockSkew * 2 + TimeSpan.FromMinutes(1);

    private readonly HashSet<string> _ids = [];
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();
    private readonly Lock _lock = new();

    public int Count { get { lock (_lock) { return _ids.Count; } } }

    /// <returns>True the first time an id is seen within <see cref="Keep"/>; false for a replay.</returns>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            while (_order.Count > 0 && (now - _order.Peek().At >= Keep || _order.Count >= capacity))
            {
                _ids.Remove(_order.Dequeue().Id);
            }
            if (!_ids.Add(id))
            {
                return false;
            }
            _order.Enqueue((id, now));
            return true;
        }
    }
}
