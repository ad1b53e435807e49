namespace ChatBot.Discord.Gateway;

internal enum CloseAction
{
    /// <summary>Reconnect and resume the session (replayed events follow).</summary>
    Resume,

    /// <summary>The session is gone: reconnect and identify afresh.</summary>
    Reidentify,

    /// <summary>Reconnecting cannot help; report and stop.</summary>
    Fatal,
}

/// <summary>What each gateway close code means for the connection loop (Discord's close code table).</summary>
internal static class GatewayClosePolicy
{
    private static readonly Dictionary<int, (CloseAction Action, string Meaning)> Codes = new()
    {
        [4000] = (CloseAction.Resume, "unknown error"),
        [4001] = (CloseAction.Resume, "unknown opcode sent"),
        [4002] = (CloseAction.Resume, "payload could not be decoded"),
        [4003] = (CloseAction.Reidentify, "payload sent before identifying"),
        [4004] = (CloseAction.Fatal, "authentication failed: Discord rejected the bot token (check Discord:Token)"),
        [4005] = (CloseAction.Resume, "already authenticated"),
        [4007] = (CloseAction.Reidentify, "invalid sequence number on resume"),
        [4008] = (CloseAction.Resume, "rate limited: too many gateway messages"),
        [4009] = (CloseAction.Reidentify, "session timed out"),
        [4010] = (CloseAction.Fatal, "invalid shard"),
        [4011] = (CloseAction.Fatal, "sharding required: the bot is in too many guilds for one connection"),
        [4012] = (CloseAction.Fatal, "invalid API version"),
        [4013] = (CloseAction.Fatal, "invalid intents"),
        [4014] = (CloseAction.Fatal, "disallowed intents: enable the Message Content intent in the developer portal, or set Discord:Gateway:MessageContent=false"),
    };

    public static (CloseAction Action, string Meaning) For(int? closeCode) =>
        closeCode is { } code && Codes.TryGetValue(code, out var entry)
            ? (entry.Action, $"close code {code}, {entry.Meaning}")
            : (CloseAction.Resume, closeCode is null ? "connection lost" : $"close code {closeCode}");
}
