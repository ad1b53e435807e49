using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Teams.Activities;

/// <summary>
/// The inbound Bot Framework activity, reduced to the fields the bot reads. Free-form parts
/// (entities, value, channelData) stay as JSON because their shape depends on the activity.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public string? ReplyToId { get; init; }
    public string? Action { get; init; }
    public JsonElement? Value { get; init; }
    public JsonElement? ChannelData { get; init; }
    public IReadOnlyList<JsonElement>? Entities { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The Teams channel id (<c>channelData.channel.id</c>) when the activity comes from a team channel.</summary>
    public string? TeamsChannelId => ChannelDataString("channel", "id");

    public string? TeamsTeamId => ChannelDataString("team", "id");

    /// <summary>The team's Entra group id (<c>channelData.team.aadGroupId</c>), which Graph knows the team by.</summary>
    public string? TeamsAadGroupId => ChannelDataString("team", "aadGroupId");

    public string? TenantId => Conversation?.TenantId ?? ChannelDataString("tenant", "id");

    private string? ChannelDataString(string objectName, string property) =>
        ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty(objectName, out var obj) && obj.ValueKind == JsonValueKind.Object
        && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
