using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>An Adaptive Card 1.5, full width in Teams.</summary>
public sealed record AdaptiveCard(IReadOnlyList<CardElement> Body, IReadOnlyList<CardAction>? Actions = null)
{
    public string Type { get; init; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version { get; init; } = "1.5";

    [JsonPropertyName("msteams")]
    public TeamsCardOptions MsTeams { get; init; } = new("Full");
}
