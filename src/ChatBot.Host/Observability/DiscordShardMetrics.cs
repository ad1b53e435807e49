using System.Globalization;
using System.Text;
using ChatBot.Discord.Gateway;

namespace ChatBot.Host.Observability;

/// <summary>
/// This worker's Discord gateway shards in the Prometheus text format, next to <see cref="AnswerMetrics"/>:
/// one series per shard, so a dashboard sees which worker holds which shard and whether it is up.
/// </summary>
internal static class DiscordShardMetrics
{
    public static string Render(DiscordGatewayClient gateway)
    {
        var shards = gateway.Snapshot();
        var text = new StringBuilder();
        Family(text, "chatbot_discord_shards", "gauge", "Gateway shards the bot runs in all (num_shards; 0 until known).");
        text.Append("chatbot_discord_shards ").Append(Number(gateway.ShardCount)).Append('\n');
        Family(text, "chatbot_discord_reshards_total", "counter", "Times this worker restarted its shards with a new count after Discord closed one with 4011.");
        text.Append("chatbot_discord_reshards_total ").Append(Number(gateway.Reshards)).Append('\n');
        if (gateway.Balancer is { } balancer)
        {
            Family(text, "chatbot_discord_balance_live_workers", "gauge", "Workers with Discord:ShardIds unset that share the shards (heartbeats in the store), this one included.");
            text.Append("chatbot_discord_balance_live_workers ").Append(Number(balancer.LiveWorkers)).Append('\n');
            Family(text, "chatbot_discord_balance_share", "gauge", "This worker's fair share of the shards: it takes free shards up to it and hands back what it holds above it.");
            text.Append("chatbot_discord_balance_share ").Append(Number(balancer.Share)).Append('\n');
        }
        PerShard(text, shards, "chatbot_discord_shard_up", "gauge", "1 when this worker's shard has a ready gateway session.", s => s.Status == GatewayStatus.Ready ? 1 : 0);
        PerShard(text, shards, "chatbot_discord_shard_stopped", "gauge", "1 when the shard gave up (fatal close code, no identifies left); /readyz says why.", s => s.Status == GatewayStatus.Stopped ? 1 : 0);
        PerShard(text, shards, "chatbot_discord_shard_standby", "gauge", "1 when another worker holds the shard's lease and runs it; this worker takes over if that lease runs out.", s => s.Status == GatewayStatus.Standby ? 1 : 0);
        PerShard(text, shards, "chatbot_discord_shard_events_total", "counter", "Gateway dispatches received on the shard.", s => s.Events);
        PerShard(text, shards, "chatbot_discord_shard_connections_total", "counter", "WebSocket connections the shard opened (first and reconnects).", s => s.Connections);
        PerShard(text, shards, "chatbot_discord_shard_identifies_total", "counter", "Identifies the shard sent (each spends from the daily session start limit).", s => s.Identifies);
        PerShard(text, shards, "chatbot_discord_shard_resumes_total", "counter", "Resumes the shard sent.", s => s.Resumes);
        Family(text, "chatbot_discord_shard_heartbeat_latency_seconds", "gauge", "Time from the shard's last heartbeat to its ACK.");
        foreach (var shard in shards.Where(s => s.HeartbeatLatency is not null))
        {
            text.Append("chatbot_discord_shard_heartbeat_latency_seconds{shard=\"").Append(Number(shard.Shard.Id)).Append("\"} ")
                .Append(shard.HeartbeatLatency!.Value.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static void PerShard(StringBuilder text, IReadOnlyList<ShardSnapshot> shards, string name, string type, string help, Func<ShardSnapshot, long> value)
    {
        Family(text, name, type, help);
        foreach (var shard in shards)
        {
            text.Append(name).Append("{shard=\"").Append(Number(shard.Shard.Id)).Append("\"} ").Append(Number(value(shard))).Append('\n');
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
