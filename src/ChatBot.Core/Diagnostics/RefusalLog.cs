using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Diagnostics;

/// <summary>
/// Logs refused requests (forged signatures or tokens, oversized or malformed bodies, replays) so an
/// operator sees them, but at a bounded rate: anyone can send a thousand bad requests a second, and
/// each must not become a log line. Per source, the first <see cref="MaxLinesPerWindow"/> refusals of
/// each <see cref="Window"/> are logged with their reason; the rest are counted by reason, and the
/// count is logged with the first refusal of the next window. Callers pass reasons in words, never
/// the body or a token.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    public const int MaxLinesPerWindow = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();

    // Keyed by source names written in code (endpoints, platforms), never by anything a client
    // chooses, so it stays as small as the code.
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <param name="source">What refused, e.g. "/api/ask" or "Discord interactions".</param>
    /// <param name="reason">Why, in words.</param>
    /// <param name="client">Who asked (address or channel), when known.</param>
    public void Refused(string source, string reason, string? client = null)
    {
        var now = time.GetUtcNow();
        string? leftOut;
        bool log;
        lock (_gate)
        {
            if (!_budgets.TryGetValue(source, out var budget))
            {
                budget = new Budget(now);
                _budgets[source] = budget;
            }
            leftOut = now - budget.Start >= Window ? budget.Restart(now) : null;
            log = budget.Logged < MaxLinesPerWindow;
            if (log)
            {
                budget.Logged++;
            }
            else
            {
                budget.NotLogged[reason] = budget.NotLogged.GetValueOrDefault(reason) + 1;
            }
        }
        if (leftOut is not null)
        {
            logger.LogWarning("{Summary} more refused requests to {Source} were not logged in the previous period", leftOut, source);
        }
        if (log)
        {
            logger.LogWarning("Refused a request to {Source} from {Client}: {Reason}", source, client ?? "unknown", reason);
        }
    }

    private sealed class Budget(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; private set; } = start;

        public int Logged { get; set; }

        // Reasons are bounded too: the few distinct texts each call site writes, plus ids in replays,
        // which only arrive after a signature check and at most once each.
        public Dictionary<string, int> NotLogged { get; } = new(StringComparer.Ordinal);

        /// <summary>Starts a new window; returns what the old one left out, or null when nothing was.</summary>
        public string? Restart(DateTimeOffset now)
        {
            string? summary = null;
            if (NotLogged.Count > 0)
            {
                var reasons = string.Join(", ", NotLogged.OrderByDescending(p => p.Value).Take(5).Select(p => $"{p.Value} {p.Key}"));
                summary = $"{NotLogged.Values.Sum()} ({reasons})";
            }
            Start = now;
            Logged = 0;
            NotLogged.Clear();
            return summary;
        }
    }
}
