using System.Text.Json;

namespace ChatBot.Discord.Rest;

// Inbound objects (gateway dispatches and interaction payloads): only the fields the adapter reads.

public sealed record CommandOptionValue
{
    public string Name { get; init; } = "";

    public int Type { get; init; }

    public JsonElement? Value { get; init; }

    public IReadOnlyList<CommandOptionValue> Options { get; init; } = [];

    public bool Focused { get; init; }

    public string? StringValue => Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : Value?.ToString();
}
