namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record DiscordUser
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public bool Bot { get; init; }
}
