namespace ChatBot.Host.Observability;

public static class ObservabilityEndpoints
{
    /// <summary>Maps <c>/healthz</c> (liveness), <c>/readyz</c> (readiness) and <c>/metrics</c> (Prometheus).</summary>
    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new HealthBody("ok")));

        endpoints.MapGet("/readyz", async (HttpContext context) =>
        {
            var checks = context.RequestServices.GetServices<IReadinessCheck>();
            var results = new List<CheckBody>();
            foreach (var check in checks)
            {
                ReadinessResult result;
                try
                {
                    result = await check.CheckAsync(context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = ReadinessResult.Fail($"check failed: {ex.Message}");
                }
                results.Add(new CheckBody(check.Name, result.Ready, result.Reason));
            }
            var ready = results.TrueForAll(r => r.Ready);
            var reasons = results.Where(r => !r.Ready).Select(r => $"{r.Name}: {r.Reason}").ToList();
            return Results.Json(
                new ReadinessBody(ready ? "ready" : "not ready", reasons, results),
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        endpoints.MapGet("/metrics", (HttpContext context) =>
        {
            var metrics = context.RequestServices.GetRequiredService<AnswerMetrics>();
            return Results.Text(metrics.Render(), AnswerMetrics.ContentType);
        });
        return endpoints;
    }

    private sealed record HealthBody(string Status);

    private sealed record CheckBody(string Name, bool Ready, string Reason);

    private sealed record ReadinessBody(string Status, IReadOnlyList<string> Reasons, IReadOnlyList<CheckBody> Checks);
}
