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
