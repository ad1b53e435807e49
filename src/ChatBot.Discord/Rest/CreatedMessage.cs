using System.Text.Json.Serialization;

namespace ChatBot.Discord.Rest;

/// <summary>The subset of a created message the adapter needs back.</summary>
public sealed record CreatedMessage
{
    public string Id { get; init; } = "";

    public string? ChannelId { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Id.Length == 0;
}
