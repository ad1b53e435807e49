namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record Interaction
{
    public const int PingType = 1;
    public const int CommandType = 2;
    public const int ComponentType = 3;
    public const int AutocompleteType = 4;

    public string Id { get; init; } = "";

    public string ApplicationId { get; init; } = "";

    public int Type { get; init; }

    public InteractionData? Data { get; init; }

    public string? GuildId { get; init; }

    public string? ChannelId { get; init; }

    public GuildMember? Member { get; init; }

    public DiscordUser? User { get; init; }

    public string Token { get; init; } = "";

    public string? UserId => Member?.User?.Id ?? User?.Id;
}
