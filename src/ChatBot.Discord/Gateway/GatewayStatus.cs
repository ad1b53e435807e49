namespace ChatBot.Discord.Gateway;

public enum GatewayStatus
{
    Off,
    Connecting,
    Ready,
    Stopped,
}
