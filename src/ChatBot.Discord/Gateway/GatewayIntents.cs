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
