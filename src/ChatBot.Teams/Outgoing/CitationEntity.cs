using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>The schema.org Message entity carrying one <see cref="Claim"/> per citation (Teams' native citations).</summary>
public sealed record CitationEntity(IReadOnlyList<Claim> Citation)
{
    public string Type { get; init; } = "https://schema.org/Message";

    [JsonPropertyName("@type")]
    public string SchemaType { get; init; } = "Message";

    [JsonPropertyName("@context")]
    public string Context { get; init; } = "https://schema.org";

    [JsonPropertyName("@id")]
    public string Id { get; init; } = "";

    public IReadOnlyList<string> AdditionalType { get; init; } = ["AIGeneratedContent"];
}
