using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>What Teams shows in a citation pop-up: the dated title, the quote's start and the link.</summary>
public sealed record DigitalDocument(string Name, string Abstract, string? Url)
{
    [JsonPropertyName("@type")]
    public string SchemaType { get; init; } = "DigitalDocument";
}
