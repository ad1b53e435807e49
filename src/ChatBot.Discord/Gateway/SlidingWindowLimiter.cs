namespace ChatBot.Discord.Gateway;

/// <summary>At most <c>limit</c> events per <c>window</c>; callers wait for a free slot.</summary>
internal sealed class SlidingWindowLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly Lock _lock = new();

    public int Limit => limit;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_recent.Count > 0 && now - _recent.Peek() >= window)
                {
                    _recent.Dequeue();
                }
                if (_recent.Count < limit)
                {
                    _recent.Enqueue(now);
                    return;
                }
                wait = _recent.Peek() + window - now;
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
