using System.Text.Json.Serialization;

namespace ChatBot.Discord.Rest;

/// <summary>
/// A message as sent to Discord (channel message, interaction response data, webhook edit).
/// <see cref="AllowedMentions"/> defaults to "nobody", so corpus text or a user's words can never ping.
/// </summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<ActionRow>? Components { get; init; }

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;

    public MessageReference? MessageReference { get; init; }

    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }

    /// <summary>64 = ephemeral (interaction responses only).</summary>
    public int? Flags { get; init; }

    public const int EphemeralFlag = 64;
}

public sealed record AllowedMentions
{
    public static readonly AllowedMentions None = new();

    public IReadOnlyList<string> Parse { get; init; } = [];

    public bool RepliedUser { get; init; }
}

public sealed record MessageReference(string MessageId, bool FailIfNotExists = false);

public sealed record Embed
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<EmbedField>? Fields { get; init; }

    public EmbedFooter? Footer { get; init; }

    public int? Color { get; init; }
}

public sealed record EmbedField(string Name, string Value, bool Inline = false);

public sealed record EmbedFooter(string Text);

public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type => 1;
}

public sealed record Button(int Style, string Label, string? CustomId = null, string? Url = null)
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
    public const int Link = 5;

    public int Type => 2;
}

/// <summary>Body of <c>POST /interactions/{id}/{token}/callback</c> and of HTTP endpoint replies.</summary>
public sealed record InteractionResponse(int Type, object? Data = null)
{
    public const int Pong = 1;
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int AutocompleteResult = 8;

    public static InteractionResponse PongResponse { get; } = new(Pong);

    public static InteractionResponse Message(MessagePayload payload) => new(ChannelMessage, payload);

    public static InteractionResponse Deferred(bool ephemeral) =>
        new(DeferredChannelMessage, ephemeral ? new MessagePayload { Flags = MessagePayload.EphemeralFlag } : null);

    public static InteractionResponse Choices(IReadOnlyList<CommandChoice> choices) => new(AutocompleteResult, new AutocompleteData(choices));
}

public sealed record AutocompleteData(IReadOnlyList<CommandChoice> Choices);

public sealed record CommandChoice(string Name, string Value);

public sealed record StartThreadPayload(string Name, int AutoArchiveDuration = 1440);

public sealed record GatewayBotInfo
{
    public string Url { get; init; } = "";

    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    public long ResetAfter { get; init; }

    public int MaxConcurrency { get; init; } = 1;
}

/// <summary>The subset of a created message the adapter needs back.</summary>
public sealed record CreatedMessage
{
    public string Id { get; init; } = "";

    public string? ChannelId { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Id.Length == 0;
}

public sealed record CreatedChannel
{
    public string Id { get; init; } = "";
}
