namespace ChatBot.Discord.Gateway;

public enum GatewayStatus
{
    Off,
    Connecting,
    Ready,

    /// <summary>Not identifying until Discord's session start limit resets; connects again by itself then.</summary>
    Waiting,

    Stopped,
}
