using System.Text.Json;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Outgoing;

namespace ChatBot.Teams.Activities;

/// <summary>
/// What the bot needs to post into a chat or channel later without an inbound message (digests):
/// captured from every message, <c>conversationUpdate</c> and installation, stored as opaque JSON.
/// </summary>
/// <param name="ConversationId">The chat or channel conversation, without any <c>;messageid=</c> thread suffix.</param>
/// <param name="TeamsChannelId">Set for team channels: new posts there start a thread via create conversation.</param>
public sealed record ConversationReference(
    string ServiceUrl,
    string ChannelId,
    string ConversationId,
    string? ConversationType,
    string? TenantId,
    ChannelAccount? Bot,
    string? TeamsChannelId,
    string? TeamsTeamId)
{
    public const string Platform = "teams";

    public ChannelKey Key => new(Platform, ConversationId);

    public bool IsTeamChannel => TeamsChannelId is not null && string.Equals(ConversationType, "channel", StringComparison.OrdinalIgnoreCase);

    public static ConversationReference FromActivity(Activity activity) => new(
        activity.ServiceUrl!,
        activity.ChannelId!,
        ChannelConversationId(activity.Conversation!.Id!),
        activity.Conversation.ConversationType,
        activity.TenantId,
        activity.Recipient,
        activity.TeamsChannelId,
        activity.TeamsTeamId);

    /// <summary>A channel message's conversation id names its thread (<c>…;messageid=…</c>); the channel is the part before.</summary>
    public static string ChannelConversationId(string conversationId)
    {
        var at = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? conversationId[..at] : conversationId;
    }

    public static ChannelKey KeyOf(Activity activity) => new(Platform, ChannelConversationId(activity.Conversation!.Id!));

    public string ToJson() => JsonSerializer.Serialize(this, Activity.Json);

    public static ConversationReference? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ConversationReference>(json, Activity.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The outgoing activity addressed to this conversation (and to <paramref name="user"/>, when replying to one).</summary>
    public MessageActivity Address(MessageActivity activity, string conversationId, ChannelAccount? user = null) => activity with
    {
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount(conversationId),
        From = Bot ?? activity.From,
        Recipient = user ?? activity.Recipient,
    };
}
