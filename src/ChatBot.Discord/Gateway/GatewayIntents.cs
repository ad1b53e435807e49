namespace ChatBot.Discord.Gateway;

[Flags]
public enum GatewayIntents
{
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>Privileged: without it <c>content</c> is empty except in DMs and messages that mention the bot.</summary>
    MessageContent = 1 << 15,

    ChatBot = Guilds | GuildMessages | DirectMessages | MessageContent,
}

internal static class GatewayIntentsExtensions
{
    extension(GatewayIntents)
    {
        /// <summary>The bot's intents; Message Content only when enabled (it is privileged and must be switched on in the portal).</summary>
        public static GatewayIntents For(bool messageContent) =>
            messageContent ? GatewayIntents.ChatBot : GatewayIntents.ChatBot & ~GatewayIntents.MessageContent;
    }
}
