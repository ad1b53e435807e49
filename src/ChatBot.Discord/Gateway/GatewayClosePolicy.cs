namespace ChatBot.Discord.Gateway;

/// <summary>What each gateway close code means for the connection loop (Discord's close code table).</summary>
internal static class GatewayClosePolicy
{
    private static readonly Dictionary<GatewayCloseCode, (CloseAction Action, string Meaning)> Codes = new()
    {
        [GatewayCloseCode.UnknownError] = (CloseAction.Resume, "unknown error"),
        [GatewayCloseCode.UnknownOpcode] = (CloseAction.Resume, "unknown opcode sent"),
        [GatewayCloseCode.DecodeError] = (CloseAction.Resume, "payload could not be decoded"),
        [GatewayCloseCode.NotAuthenticated] = (CloseAction.Reidentify, "payload sent before identifying"),
        [GatewayCloseCode.AuthenticationFailed] = (CloseAction.Fatal, "authentication failed: Discord rejected the bot token (check Discord:Token)"),
        [GatewayCloseCode.AlreadyAuthenticated] = (CloseAction.Resume, "already authenticated"),
        [GatewayCloseCode.InvalidSequence] = (CloseAction.Reidentify, "invalid sequence number on resume"),
        [GatewayCloseCode.RateLimited] = (CloseAction.Resume, "rate limited: too many gateway messages"),
        [GatewayCloseCode.SessionTimedOut] = (CloseAction.Reidentify, "session timed out"),
        [GatewayCloseCode.InvalidShard] = (CloseAction.Fatal, "invalid shard: check Discord:Shards and Discord:ShardIds"),
        // Fatal for the shard; the gateway client re-shards when the count is "auto".
        [GatewayCloseCode.ShardingRequired] = (CloseAction.Fatal, "sharding required: the bot is in too many guilds for this shard count"),
        [GatewayCloseCode.InvalidApiVersion] = (CloseAction.Fatal, "invalid API version"),
        [GatewayCloseCode.InvalidIntents] = (CloseAction.Fatal, "invalid intents"),
        [GatewayCloseCode.DisallowedIntents] = (CloseAction.Fatal, "disallowed intents: enable the Message Content intent in the developer portal, or set Discord:Gateway:MessageContent=false"),
    };

    public static (CloseAction Action, string Meaning) For(int? closeCode) =>
        closeCode is { } code && Codes.TryGetValue((GatewayCloseCode)code, out var entry)
            ? (entry.Action, $"close code {code}, {entry.Meaning}")
            : (CloseAction.Resume, closeCode is null ? "connection lost" : $"close code {closeCode}");

    /// <summary>Codes that say this worker's shard configuration is wrong: guilds go unserved until someone acts.</summary>
    public static bool IsShardingProblem(GatewayCloseCode? code) =>
        code is GatewayCloseCode.ShardingRequired or GatewayCloseCode.InvalidShard;
}
