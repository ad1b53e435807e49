using System.Text.Json;

namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record DiscordUser
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public bool Bot { get; init; }
}

public sealed record GuildMember
{
    public DiscordUser? User { get; init; }
}

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

public sealed record InteractionData
{
    public string? Name { get; init; }

    public IReadOnlyList<CommandOptionValue> Options { get; init; } = [];

    public string? CustomId { get; init; }
}

public sealed record CommandOptionValue
{
    public string Name { get; init; } = "";

    public int Type { get; init; }

    public JsonElement? Value { get; init; }

    public IReadOnlyList<CommandOptionValue> Options { get; init; } = [];

    public bool Focused { get; init; }

    public string? StringValue => Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : Value?.ToString();
}
