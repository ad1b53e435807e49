namespace ChatBot.Discord.Gateway;

/// <summary>One shard's state for <c>/readyz</c> and <c>/metrics</c>.</summary>
/// <param name="Connections">WebSocket connections opened (the first one and every reconnect).</param>
/// <param name="HeartbeatLatency">Time from the last heartbeat to its ACK.</param>
public sealed record ShardSnapshot(
    ShardId Shard,
    GatewayStatus Status,
    string? StopReason,
    long Events,
    long Connections,
    long Identifies,
    long Resumes,
    TimeSpan? HeartbeatLatency);
