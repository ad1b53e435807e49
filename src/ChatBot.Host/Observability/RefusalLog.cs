namespace ChatBot.Host.Observability;

/// <summary>
/// Logs refused requests (bad JSON, wrong content type, oversized bodies) so an operator can see
/// them, but at most <see cref="MaxLinesPerWindow"/> lines per endpoint per <see cref="Window"/>:
/// whoever sends a thousand bad requests gets one line saying how many were not logged, not a
/// thousand lines. Nothing the client sent is logged, only the endpoint, status and reason.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    public const int MaxLinesPerWindow = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    // Keyed by endpoint names from code, never by anything a client chooses, so it stays small.
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    public void Refused(string endpoint, int status, string reason)
    {
        var now = time.GetUtcNow();
        int notLogged;
        bool log;
        lock (_gate)
        {
            if (!_budgets.TryGetValue(endpoint, out var budget))
            {
                budget = new Budget { Start = now };
                _budgets[endpoint] = budget;
            }
            (notLogged, budget.NotLogged) = now - budget.Start >= Window ? (budget.NotLogged, 0) : (0, budget.NotLogged);
            if (now - budget.Start >= Window)
            {
                budget.Start = now;
                budget.Logged = 0;
            }
            log = budget.Logged < MaxLinesPerWindow;
            if (log)
            {
                budget.Logged++;
            }
            else
            {
                budget.NotLogged++;
            }
        }
        if (notLogged > 0)
        {
            logger.LogWarning("{Count} more refused requests to {Endpoint} were not logged in the last period", notLogged, endpoint);
        }
        if (log)
        {
            logger.LogInformation("Refused a request to {Endpoint}: {Status} {Reason}", endpoint, status, reason);
        }
    }

    private sealed class Budget
    {
        public DateTimeOffset Start { get; set; }

        public int Logged { get; set; }

        public int NotLogged { get; set; }
    }
}
