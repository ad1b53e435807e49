using ChatBot.Core.Coordination;
using ChatBot.Discord.Gateway;

namespace ChatBot.Host.Observability;

public static class ObservabilityEndpoints
{
    /// <summary>Maps <c>/healthz</c> (liveness), <c>/readyz</c> (readiness) and <c>/metrics</c> (Prometheus).</summary>
    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new HealthBody("ok")));

        endpoints.MapGet("/readyz", async (HttpContext context) =>
        {
            var results = await context.RequestServices.GetRequiredService<ReadinessProbe>().CheckAsync(context.RequestAborted);
            var ready = results.All(r => r.Ready);
            var reasons = results.Where(r => !r.Ready).Select(r => $"{r.Name}: {r.Reason}").ToList();
            return Results.Json(
                new ReadinessBody(ready ? "ready" : "not ready", reasons, results),
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        endpoints.MapGet("/metrics", (HttpContext context) =>
        {
            var metrics = context.RequestServices.GetRequiredService<AnswerMetrics>().Render();
            if (context.RequestServices.GetService<DiscordGatewayClient>() is { } gateway)
            {
                metrics += DiscordShardMetrics.Render(gateway);
            }
            if (context.RequestServices.GetService<LostClaims>() is { } lostClaims)
            {
                metrics += LostClaimsMetrics.Render(lostClaims);
            }
            return Results.Text(metrics, AnswerMetrics.ContentType);
        });
        return endpoints;
    }

    private sealed record HealthBody(string Status);

    private sealed record ReadinessBody(string Status, IReadOnlyList<string> Reasons, IReadOnlyList<ReadinessEntry> Checks);
}
