using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChatBot.Teams.Activities;

/// <summary>Removes @mentions of the bot from message text before it reaches the engine.</summary>
public static partial class MentionText
{
    public static string Strip(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.StringProperty("type") != "mention" || entity.StringProperty("text") is not { Length: > 0 } mention)
            {
                continue;
            }
            // Only the bot's own mention is noise; other people named in the question are content.
            var mentionedId = entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("mentioned", out var who) ? who.StringProperty("id") : null;
            if (mentionedId is not null && activity.Recipient?.Id is { } botId && !string.Equals(mentionedId, botId, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(mention, NameOnly(mention), StringComparison.Ordinal);
                continue;
            }
            text = text.Replace(mention, " ", StringComparison.Ordinal);
        }
        // Leftover <at> tags (e.g. a mention entity missing) must not reach the engine as markup.
        text = AtTag().Replace(text, m => activity.Recipient?.Name is { } name && m.Groups[1].Value.Trim() == name ? " " : m.Groups[1].Value);
        text = WebUtility.HtmlDecode(text);
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string NameOnly(string mention) => AtTag().Replace(mention, m => m.Groups[1].Value);

    [GeneratedRegex("<at>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
