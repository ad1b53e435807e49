using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>Gateway and interaction payloads as Discord sends them.</summary>
public static class Payloads
{
    public const string GuildId = "800000000000000001";
    public const string ChannelId = "800000000000000002";
    public const string DmChannelId = "800000000000000003";
    public const string UserId = "800000000000000004";

    private static long _next = 810000000000000000;

    public static string NewId() => Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static object Message(string id, string content, string channelId = ChannelId, string? guildId = GuildId, bool mentionBot = true, string authorId = UserId, bool authorIsBot = false) => new
    {
        id,
        channel_id = channelId,
        guild_id = guildId,
        author = new { id = authorId, username = "asker", bot = authorIsBot },
        content = mentionBot ? $"<@{FakeDiscord.BotId}> {content}" : content,
        mentions = mentionBot ? new[] { new { id = FakeDiscord.BotId, username = "ChatBot", bot = true } } : [],
        type = 0,
    };

    public static object Command(string id, string name, object[] options, string token = "itoken") => new
    {
        id,
        application_id = FakeDiscord.ApplicationId,
        type = 2,
        token,
        channel_id = ChannelId,
        guild_id = GuildId,
        member = new { user = new { id = UserId, username = "asker" } },
        data = new { id = "1", name, type = 1, options },
    };

    public static object Option(string name, string value, bool focused = false) =>
        focused ? new { name, type = 3, value, focused } : new { name, type = 3, value };

    public static object Subcommand(string name, params object[] options) => new { name, type = 1, options };

    public static object Autocomplete(string id, string partial, string token = "atoken") => new
    {
        id,
        application_id = FakeDiscord.ApplicationId,
        type = 4,
        token,
        channel_id = ChannelId,
        guild_id = GuildId,
        member = new { user = new { id = UserId } },
        data = new { id = "1", name = "summary", type = 1, options = new[] { Option("topic", partial, focused: true) } },
    };

    public static object Button(string id, string customId, string token = "btoken") => new
    {
        id,
        application_id = FakeDiscord.ApplicationId,
        type = 3,
        token,
        channel_id = ChannelId,
        guild_id = GuildId,
        member = new { user = new { id = UserId } },
        data = new { custom_id = customId, component_type = 2 },
    };
}
