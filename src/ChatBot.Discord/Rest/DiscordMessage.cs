namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record DiscordMessage
{
    public string Id { get; init; } = "";

    public string ChannelId { get; init; } = "";

    public string? GuildId { get; init; }

    public DiscordUser Author { get; init; } = new();

    public string Content { get; init; } = "";

    public IReadOnlyList<DiscordUser> Mentions { get; init; } = [];

    /// <summary>Ids of the roles mentioned (<c>mention_roles</c>).</summary>
    public IReadOnlyList<string> MentionRoles { get; init; } = [];

    /// <summary>Set by webhooks; such messages are never from a person asking.</summary>
    public string? WebhookId { get; init; }
}
