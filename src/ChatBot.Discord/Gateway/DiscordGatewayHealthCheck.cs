using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Reports the gateway connection in the host's health checks. A stopped gateway is "degraded",
/// not "unhealthy": the web chat and the HTTP interactions endpoint still work, and a probe
/// should not take them out of service for it.
/// </summary>
public sealed class DiscordGatewayHealthCheck(DiscordGatewayClient gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateway.Status switch
        {
            GatewayStatus.Ready => HealthCheckResult.Healthy("Discord gateway connected"),
            GatewayStatus.Stopped => HealthCheckResult.Degraded(gateway.StopReason ?? "Discord gateway stopped"),
            GatewayStatus.Connecting => HealthCheckResult.Degraded("Discord gateway connecting"),
            _ => HealthCheckResult.Healthy("Discord gateway not in use"),
        });
}
