namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record GuildMember
{
    public DiscordUser? User { get; init; }
}
