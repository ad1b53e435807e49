using System.Globalization;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Rendering;

/// <summary>
/// Turns the shared <see cref="Answer"/> into Discord messages: the text with its <c>[n]</c>
/// markers as content (split into several messages when needed), the sources as an embed list
/// "n. Title (date) &lt;url&gt;", a footer with the number of documents searched, and the
/// quote/feedback buttons. Every limit in <see cref="DiscordLimits"/> holds for every message.
/// </summary>
public sealed class DiscordAnswerRenderer
{
    public const int SourceColor = 0x2F5FA8;

    // Room for a whole source line even with a long title; lines are never split across embeds.
    private const int MaxSourceLine = 600;
    private const int MaxTitleInLine = 200;
    private const int MaxQuoteShown = 1700;

    /// <param name="answerId">Id from the answer log; null renders no buttons.</param>
    /// <param name="heading">Bold first line, e.g. "Summary: Semiconductors".</param>
    public IReadOnlyList<MessagePayload> Render(Answer answer, string? answerId, string? heading = null)
    {
        // A refusal's topic list is the engine's own text; adding it here would say it twice.
        var text = answer.Text.Trim();
        if (heading is not null)
        {
            text = "**" + TextSplitter.Shorten(heading, DiscordLimits.EmbedTitle) + "**\n" + text;
        }
        if (text.Length == 0)
        {
            text = "(no answer)";
        }

        var messages = TextSplitter.Split(text, DiscordLimits.Content)
            .Select(chunk => new MessagePayload { Content = chunk })
            .ToList();

        var embedGroups = SourceEmbeds(answer);
        for (var i = 0; i < embedGroups.Count; i++)
        {
            if (i == 0)
            {
                messages[^1] = messages[^1] with { Embeds = embedGroups[0] };
            }
            else
            {
                messages.Add(new MessagePayload { Embeds = embedGroups[i] });
            }
        }

        if (answerId is not null)
        {
            messages[^1] = messages[^1] with { Components = [Buttons(answerId, answer.Citations.Count > 0)] };
        }
        return messages;
    }

    /// <summary>The verbatim quote behind each citation, for the ephemeral "Show quotes" reply.</summary>
    public IReadOnlyList<MessagePayload> RenderQuotes(Answer answer)
    {
        if (answer.Citations.Count == 0)
        {
            return [new MessagePayload { Content = "This answer has no quotes.", Flags = MessagePayload.EphemeralFlag }];
        }

        var blocks = answer.Citations.Select(c =>
        {
            var block = new StringBuilder();
            block.Append("**[").Append(c.N).Append("] ").Append(TextSplitter.Shorten(c.Title, MaxTitleInLine)).Append("**");
            if (c.Date is { } date)
            {
                block.Append(" (").Append(FormatDate(date)).Append(')');
            }
            block.Append('\n');
            foreach (var line in TextSplitter.Shorten(c.Quote, MaxQuoteShown).Split('\n'))
            {
                block.Append("> ").Append(line.TrimEnd('\r')).Append('\n');
            }
            if (!string.IsNullOrWhiteSpace(c.Url))
            {
                block.Append('<').Append(c.Url).Append(">\n");
            }
            return block.ToString().TrimEnd();
        });

        return Pack(blocks, DiscordLimits.Content, "\n\n")
            .Select(content => new MessagePayload { Content = content, Flags = MessagePayload.EphemeralFlag })
            .ToList();
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string SourceLine(Citation citation)
    {
        var line = new StringBuilder();
        line.Append(citation.N).Append(". ").Append(TextSplitter.Shorten(citation.Title, MaxTitleInLine));
        if (citation.Date is { } date)
        {
            line.Append(" (").Append(FormatDate(date)).Append(')');
        }
        if (!string.IsNullOrWhiteSpace(citation.Url) && citation.Url.Length < MaxSourceLine - line.Length - 4)
        {
            // Angle brackets stop Discord from unfurling a preview for every source.
            line.Append(" <").Append(citation.Url).Append('>');
        }
        return line.ToString();
    }

    private static ActionRow Buttons(string answerId, bool hasQuotes)
    {
        var buttons = new List<Button>();
        if (hasQuotes)
        {
            buttons.Add(new Button(Button.Secondary, "Show quotes", $"quotes:{answerId}"));
        }
        buttons.Add(new Button(Button.Secondary, "👍", $"fb:up:{answerId}"));
        buttons.Add(new Button(Button.Secondary, "👎", $"fb:down:{answerId}"));
        return new ActionRow(buttons);
    }

    /// <summary>Groups of embeds, one group per message, each group within the per-message limits.</summary>
    private static List<IReadOnlyList<Embed>> SourceEmbeds(Answer answer)
    {
        var groups = new List<IReadOnlyList<Embed>>();
        if (answer.Citations.Count == 0)
        {
            return groups;
        }

        const string title = "Sources";
        var footer = answer.DocumentsSearched == 1 ? "Searched 1 document" : $"Searched {answer.DocumentsSearched} documents";
        var perEmbed = Math.Min(DiscordLimits.EmbedDescription, DiscordLimits.EmbedsTotal - title.Length - footer.Length);
        var descriptions = Pack(answer.Citations.Select(SourceLine), perEmbed, "\n");

        var current = new List<Embed>();
        var currentSize = 0;
        for (var i = 0; i < descriptions.Count; i++)
        {
            var last = i == descriptions.Count - 1;
            var embed = new Embed
            {
                Title = i == 0 ? title : null,
                Description = descriptions[i],
                Footer = last ? new EmbedFooter(footer) : null,
                Color = SourceColor,
            };
            var size = EmbedSize(embed);
            if (current.Count == DiscordLimits.EmbedsPerMessage || currentSize + size > DiscordLimits.EmbedsTotal)
            {
                groups.Add(current);
                current = [];
                currentSize = 0;
            }
            current.Add(embed);
            currentSize += size;
        }
        groups.Add(current);
        return groups;
    }

    public static int EmbedSize(Embed embed) =>
        (embed.Title?.Length ?? 0)
        + (embed.Description?.Length ?? 0)
        + (embed.Footer?.Text.Length ?? 0)
        + (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);

    /// <summary>Joins parts into chunks of at most <paramref name="limit"/>, splitting a part only if it alone is too long.</summary>
    private static List<string> Pack(IEnumerable<string> parts, int limit, string separator)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var part in parts.SelectMany(p => p.Length > limit ? TextSplitter.Split(p, limit) : [p]))
        {
            if (current.Length > 0 && current.Length + separator.Length + part.Length > limit)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0)
            {
                current.Append(separator);
            }
            current.Append(part);
        }
        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }
        return chunks;
    }
}
