namespace ChatBot.Teams.Activities;

/// <summary>What a user asked the bot to do, parsed from the (mention-stripped) message text.</summary>
public abstract record TeamsCommand
{
    public sealed record Ask(string Question) : TeamsCommand;
    public sealed record Summary(string Topic) : TeamsCommand;
    public sealed record Topics : TeamsCommand;
    public sealed record DigestNow : TeamsCommand;
    public sealed record DigestSubscribe(string? Cron) : TeamsCommand;
    public sealed record DigestUnsubscribe : TeamsCommand;
    public sealed record DigestStatus : TeamsCommand;
    public sealed record Help(string? Problem = null) : TeamsCommand;

    /// <summary>
    /// Commands are the first word (as typed or picked from the command list); anything else is a
    /// question, so "ask" is optional.
    /// </summary>
    public static TeamsCommand Parse(string text)
    {
        var trimmed = text.Trim().TrimStart('/');
        if (trimmed.Length == 0)
        {
            return new Help();
        }
        var (word, rest) = Split(trimmed);
        switch (word.ToLowerInvariant())
        {
            case "help" when rest.Length == 0:
                return new Help();
            case "topics" when rest.Length == 0:
                return new Topics();
            case "ask":
                return rest.Length == 0 ? new Help("Type a question after `ask`.") : new Ask(rest);
            case "summary":
                return rest.Length == 0 ? new Help("Name a topic: `summary TOPIC` (see `topics`).") : new Summary(rest);
            case "digest":
                var (sub, arg) = Split(rest);
                return sub.ToLowerInvariant() switch
                {
                    "now" when arg.Length == 0 => new DigestNow(),
                    "subscribe" => new DigestSubscribe(arg.Length == 0 ? null : arg),
                    "unsubscribe" when arg.Length == 0 => new DigestUnsubscribe(),
                    "status" when arg.Length == 0 => new DigestStatus(),
                    _ => new Help("Digest commands: `digest now`, `digest subscribe [cron]`, `digest unsubscribe`, `digest status`."),
                };
            default:
                return new Ask(trimmed);
        }
    }

    private static (string Word, string Remainder) Split(string text)
    {
        var trimmed = text.Trim();
        var space = trimmed.IndexOfAny([' ', '\t', '\n']);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }
}
