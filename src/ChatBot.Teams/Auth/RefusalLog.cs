using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Auth;

/// <summary>
/// Logs refused requests at a bounded rate: anyone can send us 200 forged tokens a second, and
/// each must not become a log line. Up to <see cref="Burst"/> refusals per <see cref="Window"/>
/// are logged with their reason; the rest are counted, and the count is logged with the first refusal of the next window.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    internal const int Burst = 10;
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    /// <param name="reason">Why, in words; never the token or the body.</param>
    public void Refused(string reason, string? channelId = null)
    {
        int suppressedBefore;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            suppressedBefore = 0;
            if (now - _windowStart >= Window)
            {
                suppressedBefore = _suppressed;
                _windowStart = now;
                _logged = 0;
                _suppressed = 0;
            }
            if (_logged >= Burst)
            {
                _suppressed++;
                return;
            }
            _logged++;
        }
        if (suppressedBefore > 0)
        {
            logger.LogWarning("Teams requests refused: {Count} more refusal(s) were not logged in the previous minute", suppressedBefore);
        }
        logger.LogWarning("Teams request refused: {Reason} (channel {ChannelId})", reason, channelId ?? "unknown");
    }
}
