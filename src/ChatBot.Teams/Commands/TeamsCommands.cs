using ChatBot.Core.Conversations;

namespace ChatBot.Teams.Commands;

/// <summary>
/// The text commands, declared once: the app package lists exactly this table in the Teams
/// command menu and <see cref="Parse"/> routes by it, so no command is listed without a route or
/// routed without being listed. Commands are the first word(s) as typed or picked from the menu;
/// anything else is a question, so "ask" is optional.
/// </summary>
public static class TeamsCommands
{
    public const string DigestHelp = "Digest commands: `digest now`, `digest subscribe [cron]`, `digest unsubscribe`, `digest status`.";

    /// <summary>Teams allows 10 commands per list.</summary>
    public static IReadOnlyList<TeamsCommandDefinition> All { get; } =
    [
        new("ask", "Ask a question; the answer cites its sources",
            rest => rest.Length == 0 ? new ChatCommand.Help("Type a question after `ask`.") : new ChatCommand.Ask(rest)),
        new("summary", "summary TOPIC: a cited overview of one topic",
            rest => rest.Length == 0 ? new ChatCommand.Help("Name a topic: `summary TOPIC` (see `topics`).") : new ChatCommand.Summary(rest)),
        new("topics", "List the topics I know", rest => rest.Length == 0 ? new ChatCommand.Topics() : null),
        new("digest now", "Post what is new in the documents", rest => rest.Length == 0 ? new ChatCommand.DigestNow() : null),
        new("digest subscribe", "Scheduled digests here: digest subscribe [cron]", rest => new ChatCommand.DigestSubscribe(rest.Length == 0 ? null : rest)),
        new("digest unsubscribe", "Stop scheduled digests here", rest => rest.Length == 0 ? new ChatCommand.DigestUnsubscribe() : null),
        new("digest status", "Show this conversation's digest schedule and recent runs", rest => rest.Length == 0 ? new ChatCommand.DigestStatus() : null),
        new("help", "What I can do", rest => rest.Length == 0 ? new ChatCommand.Help() : null),
    ];

    /// <summary>The command a (mention-stripped) message asks for; text that is no command is a question.</summary>
    public static ChatCommand Parse(string text)
    {
        var trimmed = text.Trim().TrimStart('/').Trim();
        if (trimmed.Length == 0)
        {
            return new ChatCommand.Help();
        }
        var words = Words(trimmed);
        // Longest title first: "digest now" before a bare "digest".
        foreach (var command in All.OrderByDescending(c => c.Words.Length))
        {
            if (words.Count >= command.Words.Length
                && command.Words.Select((w, i) => string.Equals(w, words[i].Word, StringComparison.OrdinalIgnoreCase)).All(match => match))
            {
                var last = words[command.Words.Length - 1];
                var rest = trimmed[(last.Start + last.Word.Length)..].Trim();
                if (command.Route(rest) is { } routed)
                {
                    return routed;
                }
            }
        }
        // "digest" with something no digest command takes: say which ones exist.
        return string.Equals(words[0].Word, "digest", StringComparison.OrdinalIgnoreCase)
            ? new ChatCommand.Help(DigestHelp)
            : new ChatCommand.Ask(trimmed);
    }

    private static List<(string Word, int Start)> Words(string text)
    {
        var words = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i > start)
            {
                words.Add((text[start..i], start));
            }
        }
        return words;
    }
}
