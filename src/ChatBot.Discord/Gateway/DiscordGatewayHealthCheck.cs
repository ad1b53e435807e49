using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Reports the gateway shards in the host's health checks, one data entry per shard. A stopped
/// gateway is "degraded", not "unhealthy": the web chat and the HTTP interactions endpoint still
/// work, and a probe should not take them out of service for it. A wrong shard configuration
/// (4011 with a fixed count, 4010, ids outside the count) is "unhealthy": guilds go unserved
/// until someone acts, and a rollout should stop there. A shard on standby (another worker holds
/// its lease and runs it) is healthy: the bot is served, and this worker takes over if that one dies.
/// </summary>
public sealed class DiscordGatewayHealthCheck(DiscordGatewayClient gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var shards = gateway.Snapshot();
        var data = shards.ToDictionary(s => $"shard {s.Shard.Id}/{s.Shard.Count}", s => (object)Describe(s));
        var balancing = gateway.Balancer is { } balancer ? "; " + balancer.Describe() : "";
        var summary = shards.Count == 0 ? "" : $" ({shards.Count} of {gateway.ShardCount} shards: {ShardIdSet.Describe(shards.Select(s => s.Shard.Id))}{balancing})";
        var trouble = string.Join("; ", shards.Where(s => s.Status is not (GatewayStatus.Ready or GatewayStatus.Standby)).Select(s => $"{s.Shard} {Describe(s)}"));
        var standby = shards.Where(s => s.Status == GatewayStatus.Standby).ToList();
        var standbyNote = standby.Count == 0 ? "" : $"; on standby for {ShardIdSet.Describe(standby.Select(s => s.Shard.Id))} (run by other workers)";
        if (gateway.HasShardingProblem)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(gateway.StopReason ?? "Discord gateway shards misconfigured", data: data));
        }
        return Task.FromResult(gateway.Status switch
        {
            GatewayStatus.Ready => HealthCheckResult.Healthy("Discord gateway connected" + summary + standbyNote, data),
            GatewayStatus.Standby => HealthCheckResult.Healthy("Discord gateway on standby: every shard of this worker is run by another worker" + summary, data),
            GatewayStatus.Stopped => HealthCheckResult.Degraded(gateway.StopReason ?? "Discord gateway stopped", data: data),
            GatewayStatus.Waiting => HealthCheckResult.Degraded(gateway.StopReason ?? "Discord gateway waiting", data: data),
            GatewayStatus.Connecting => HealthCheckResult.Degraded("Discord gateway connecting" + summary + (trouble.Length > 0 ? ": " + trouble : ""), data: data),
            _ => HealthCheckResult.Healthy("Discord gateway not in use"),
        });
    }

    private static string Describe(ShardSnapshot shard) => shard.Status switch
    {
        GatewayStatus.Stopped => "stopped: " + shard.StopReason,
        GatewayStatus.Waiting => "waiting: " + shard.StopReason,
        GatewayStatus.Standby => "standby: " + shard.StopReason,
        GatewayStatus.Ready => "ready",
        GatewayStatus.Connecting => "connecting",
        _ => "off",
    };
}
