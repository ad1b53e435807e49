using System.Text.RegularExpressions;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Messages;

/// <summary>
/// Finding and removing mentions of the bot in message text: its user (<c>&lt;@id&gt;</c>,
/// <c>&lt;@!id&gt;</c>) or the role Discord manages for it in that server (<c>&lt;@&amp;role&gt;</c>).
/// </summary>
public static partial class Mentions
{
    public static bool MentionsBot(DiscordMessage message, string botUserId, string? botRoleId = null) =>
        message.Mentions.Any(m => m.Id == botUserId)
        || message.Content.Contains($"<@{botUserId}>", StringComparison.Ordinal)
        || message.Content.Contains($"<@!{botUserId}>", StringComparison.Ordinal)
        || (botRoleId is not null && (message.MentionRoles.Contains(botRoleId) || message.Content.Contains($"<@&{botRoleId}>", StringComparison.Ordinal)));

    /// <summary>The question without the bot's mentions; other mentions stay as written (they cannot ping: allowed_mentions is empty).</summary>
    public static string StripBotMention(string content, string botUserId, string? botRoleId = null)
    {
        var stripped = content.Replace($"<@{botUserId}>", " ").Replace($"<@!{botUserId}>", " ");
        if (botRoleId is not null)
        {
            stripped = stripped.Replace($"<@&{botRoleId}>", " ");
        }
        return MultipleSpaces().Replace(stripped, " ").Trim();
    }

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex MultipleSpaces();
}
