using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Host.Observability;

/// <summary>
/// What <c>/readyz</c> reports: every <see cref="IReadinessCheck"/>, plus the standard ASP.NET Core
/// health checks other components register (<c>services.AddHealthChecks().AddCheck(...)</c>, e.g.
/// the Discord gateway). Only "unhealthy" blocks readiness; "degraded" is reported but still
/// ready, because the rest of the worker keeps serving.
/// </summary>
public sealed class ReadinessProbe(IEnumerable<IReadinessCheck> checks, IServiceProvider services)
{
    public async Task<IReadOnlyList<ReadinessEntry>> CheckAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ReadinessEntry>();
        foreach (var check in checks)
        {
            ReadinessResult result;
            try
            {
                result = await check.CheckAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = ReadinessResult.Fail($"check failed: {ex.Message}");
            }
            entries.Add(new ReadinessEntry(check.Name, result.Ready, result.Reason));
        }

        if (services.GetService<HealthCheckService>() is { } health)
        {
            var report = await health.CheckHealthAsync(cancellationToken);
            foreach (var (name, entry) in report.Entries)
            {
                var reason = entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString();
                if (entry.Status == HealthStatus.Degraded)
                {
                    reason = $"degraded: {reason}";
                }
                var details = entry.Data.Count == 0 ? null : entry.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                entries.Add(new ReadinessEntry(name, entry.Status != HealthStatus.Unhealthy, reason, details));
            }
        }
        return entries;
    }
}
