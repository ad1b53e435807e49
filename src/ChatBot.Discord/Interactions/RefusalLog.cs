using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Interactions;

/// <summary>
/// Logs refused requests (bad signature, oversized, malformed, replayed) at a bounded rate: the
/// first few in each window one by one, the rest as a single count when the window ends, so 200
/// forged requests cannot flood the log (or fill the disk) while the refusals stay visible.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    public const int DetailedPerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _suppressed = [];
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _detailed;

    public void Refused(string reason, string? client)
    {
        bool detailed;
        string? summary = null;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                summary = Summary(now);
                _windowStart = now;
                _detailed = 0;
                _suppressed.Clear();
            }
            detailed = _detailed < DetailedPerWindow;
            if (detailed)
            {
                _detailed++;
            }
            else
            {
                _suppressed[reason] = _suppressed.GetValueOrDefault(reason) + 1;
            }
        }
        if (summary is not null)
        {
            logger.LogWarning("Refused {Summary} more Discord interaction requests without logging each", summary);
        }
        if (detailed)
        {
            logger.LogWarning("Refused a Discord interaction request from {Client}: {Reason}", client ?? "unknown", reason);
        }
    }

    private string? Summary(DateTimeOffset now)
    {
        if (_suppressed.Count == 0)
        {
            return null;
        }
        var span = now - _windowStart;
        var counts = string.Join(", ", _suppressed.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"));
        return $"{_suppressed.Values.Sum()} ({counts}) in the {span.TotalMinutes:0} minute(s) before";
    }
}
