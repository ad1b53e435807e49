using System.Text.RegularExpressions;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Messages;

/// <summary>Finding and removing user mentions (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>) in message text.</summary>
public static partial class Mentions
{
    public static bool MentionsUser(DiscordMessage message, string userId) =>
        message.Mentions.Any(m => m.Id == userId)
        || message.Content.Contains($"<@{userId}>", StringComparison.Ordinal)
        || message.Content.Contains($"<@!{userId}>", StringComparison.Ordinal);

    /// <summary>The question without the bot's mention; other mentions stay as written (they cannot ping: allowed_mentions is empty).</summary>
    public static string StripBotMention(string content, string botUserId) =>
        MultipleSpaces().Replace(content.Replace($"<@{botUserId}>", " ").Replace($"<@!{botUserId}>", " "), " ").Trim();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex MultipleSpaces();
}
