using ChatBot.Core.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Host.Sources;

/// <summary>
/// Failing public sources in <c>/readyz</c>: "degraded", never "unhealthy", because the bot still
/// answers from every document it already has.
/// </summary>
public sealed class SourcesHealthCheck(SourceCatalog catalog, ISourceStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SourceDefinition> sources;
        try
        {
            sources = catalog.Load();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Degraded($"source list unusable: {ex.Message}");
        }
        if (sources.Count == 0)
        {
            return HealthCheckResult.Healthy("no sources configured");
        }
        var ids = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var failing = (await store.ListStatesAsync(cancellationToken))
            .Where(s => ids.Contains(s.SourceId) && s.FailureStreak > 0)
            .ToList();
        if (failing.Count == 0)
        {
            return HealthCheckResult.Healthy($"{sources.Count} source(s), none failing");
        }
        var first = failing[0];
        return HealthCheckResult.Degraded(
            $"{failing.Count} of {sources.Count} source(s) failing; {first.SourceId}: {first.LastReason}");
    }
}
