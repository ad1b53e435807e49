namespace ChatBot.Discord.Messages;

/// <summary>
/// A bounded set of recently seen event ids: replayed gateway events (after a resume) and
/// retried HTTP interactions are handled once. The oldest ids are forgotten first.
/// </summary>
public sealed class RecentIds(int capacity = 4096)
{
    private readonly HashSet<string> _ids = [];
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <returns>True the first time an id is seen; false for a repeat.</returns>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_ids.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
            return true;
        }
    }
}
