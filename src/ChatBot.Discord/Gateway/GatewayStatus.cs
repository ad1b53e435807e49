namespace ChatBot.Discord.Gateway;

public enum GatewayStatus
{
    Off,
    Connecting,
    Ready,

    /// <summary>Not identifying until Discord's session start limit resets; connects again by itself then.</summary>
    Waiting,

    Stopped,

    /// <summary>Another live worker holds this shard's lease: not identified here until that lease ends.</summary>
    Standby,
}
