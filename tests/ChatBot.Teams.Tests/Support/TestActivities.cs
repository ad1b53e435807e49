using ChatBot.Teams.Tests.Fakes;

namespace ChatBot.Teams.Tests.Support;

/// <summary>Inbound activities as Teams sends them (JSON shapes from the Bot Framework protocol).</summary>
public static class TestActivities
{
    public const string BotId = "28:" + TestKey.AppId;
    public const string BotName = "ChatBot";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string TeamsChannelId = "19:general@thread.tacv2";
    public const string TeamGroupId = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public const string UserObjectId = "00000000-0000-0000-0000-0000000000a1";

    public static object Message(FakeMicrosoft microsoft, string text, string? id = null, string conversationId = "a:personal-chat",
        string conversationType = "personal", string channelId = "msteams", object[]? entities = null, object? value = null, string? teamsChannel = null) => new
    {
        type = "message",
        id = id ?? Guid.NewGuid().ToString("N"),
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = microsoft.ServiceUrl,
        channelId,
        from = new { id = "29:user-1", name = "Ada", aadObjectId = "00000000-0000-0000-0000-0000000000a1" },
        conversation = new { id = conversationId, conversationType, tenantId = TenantId, isGroup = conversationType != "personal" },
        recipient = new { id = BotId, name = BotName },
        text,
        textFormat = "plain",
        entities = entities ?? [],
        value,
        channelData = teamsChannel is null
            ? (object)new { tenant = new { id = TenantId } }
            : new { tenant = new { id = TenantId }, team = new { id = "19:team@thread.tacv2", aadGroupId = TeamGroupId }, channel = new { id = teamsChannel } },
    };

    public static object Mention(string name = BotName, string id = BotId) =>
        new { type = "mention", text = $"<at>{name}</at>", mentioned = new { id, name } };

    public static object BotAddedToChannel(FakeMicrosoft microsoft, string conversationId = TeamsChannelId) => new
    {
        type = "conversationUpdate",
        id = Guid.NewGuid().ToString("N"),
        serviceUrl = microsoft.ServiceUrl,
        channelId = "msteams",
        from = new { id = "29:user-1", name = "Ada" },
        conversation = new { id = conversationId, conversationType = "channel", tenantId = TenantId, isGroup = true },
        recipient = new { id = BotId, name = BotName },
        membersAdded = new[] { new { id = BotId, name = BotName } },
        channelData = new { tenant = new { id = TenantId }, team = new { id = "19:team@thread.tacv2" }, channel = new { id = TeamsChannelId }, eventType = "teamMemberAdded" },
    };

    public static object FeedbackInvoke(FakeMicrosoft microsoft, string replyToId, string reaction, string comment = "", string conversationId = "a:personal-chat") =>
        Invoke(microsoft, "message/submitAction",
            new { actionName = "feedback", actionValue = new { reaction, feedback = System.Text.Json.JsonSerializer.Serialize(new { feedbackText = comment }) } },
            replyToId, conversationId);

    public static object Invoke(FakeMicrosoft microsoft, string name, object value, string? replyToId = null, string conversationId = "a:personal-chat") => new
    {
        type = "invoke",
        name,
        id = Guid.NewGuid().ToString("N"),
        serviceUrl = microsoft.ServiceUrl,
        channelId = "msteams",
        from = new { id = "29:user-1", name = "Ada", aadObjectId = "00000000-0000-0000-0000-0000000000a1" },
        conversation = new { id = conversationId, conversationType = "personal", tenantId = TenantId },
        recipient = new { id = BotId, name = BotName },
        replyToId,
        value,
    };
}
