using System.Collections.Concurrent;

namespace ChatBot.Core.Sources.Fetching;

/// <summary>
/// Spaces requests to one host by at least a fixed delay, whoever makes them, so several sources
/// on one site (and their robots.txt) never hammer it. Hosts are independent.
/// </summary>
public sealed class HostThrottle(TimeSpan delay, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Slot> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task WaitAsync(string host, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        var slot = _hosts.GetOrAdd(host, _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = slot.NextAllowed - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            slot.NextAllowed = time.GetUtcNow() + delay;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset NextAllowed { get; set; } = DateTimeOffset.MinValue;
    }
}
