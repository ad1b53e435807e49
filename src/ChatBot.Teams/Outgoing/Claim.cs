using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>One citation: the <c>[n]</c> marker's number and the document it points to.</summary>
public sealed record Claim(int Position, DigitalDocument Appearance)
{
    [JsonPropertyName("@type")]
    public string SchemaType { get; init; } = "Claim";
}
