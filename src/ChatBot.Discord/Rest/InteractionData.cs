namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record InteractionData
{
    public string? Name { get; init; }

    public IReadOnlyList<CommandOptionValue> Options { get; init; } = [];

    public string? CustomId { get; init; }
}
