using System.Text;

namespace ChatBot.Core.Sources.Fetching;

/// <summary>
/// The rules of one robots.txt (RFC 9309) for one bot: the group naming the bot's product token
/// (else the <c>*</c> group); the longest matching Allow/Disallow path wins, Allow on a tie;
/// <c>*</c> and a trailing <c>$</c> work as in the RFC.
/// </summary>
public sealed class RobotsRules
{
    public static RobotsRules AllowAll { get; } = new([], "");

    public static RobotsRules DisallowAll(string why) => new([new Rule("/", Allow: false)], why);

    private readonly IReadOnlyList<Rule> _rules;

    private RobotsRules(IReadOnlyList<Rule> rules, string origin)
    {
        _rules = rules;
        Origin = origin;
    }

    /// <summary>Said after a refusal when the rules are not the site's own (e.g. " (robots.txt unavailable: …)").</summary>
    public string Origin { get; }

    public static RobotsRules Parse(string text, string botName)
    {
        var groups = new List<(List<string> Agents, List<Rule> Rules)>();
        (List<string> Agents, List<Rule> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (current is null || !lastWasAgent)
                    {
                        current = ([], []);
                        groups.Add(current.Value);
                    }
                    current.Value.Agents.Add(value.ToLowerInvariant());
                    lastWasAgent = true;
                    break;
                case "allow" or "disallow":
                    lastWasAgent = false;
                    if (current is null || value.Length == 0)
                    {
                        continue; // "Disallow:" with no path allows everything: nothing to add.
                    }
                    current.Value.Rules.Add(new Rule(value, key == "allow"));
                    break;
                default:
                    lastWasAgent = false;
                    break;
            }
        }
        var name = botName.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Contains(name)).SelectMany(g => g.Rules).ToList();
        if (mine.Count == 0 && !groups.Any(g => g.Agents.Contains(name)))
        {
            mine = groups.Where(g => g.Agents.Contains("*")).SelectMany(g => g.Rules).ToList();
        }
        return new RobotsRules(mine, "");
    }

    /// <param name="pathAndQuery">The URL's path and query, e.g. <c>/news?id=1</c>.</param>
    public bool Allows(string pathAndQuery)
    {
        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (rule.Matches(pathAndQuery) && (best is null || rule.Path.Length > best.Path.Length || (rule.Path.Length == best.Path.Length && rule.Allow)))
            {
                best = rule;
            }
        }
        return best?.Allow ?? true;
    }

    private sealed record Rule(string Path, bool Allow)
    {
        public bool Matches(string target)
        {
            var pattern = Path;
            var anchored = pattern.EndsWith('$');
            if (anchored)
            {
                pattern = pattern[..^1];
            }
            return Match(Decode(pattern), Decode(target), anchored);
        }

        private static bool Match(string pattern, string text, bool anchored)
        {
            // Greedy-free wildcard match: each '*' may swallow any run; bounded by pattern pieces.
            var pieces = pattern.Split('*');
            var position = 0;
            for (var i = 0; i < pieces.Length; i++)
            {
                var piece = pieces[i];
                if (i == 0)
                {
                    if (!text.StartsWith(piece, StringComparison.Ordinal))
                    {
                        return false;
                    }
                    position = piece.Length;
                    continue;
                }
                if (i == pieces.Length - 1 && anchored)
                {
                    return text.Length - position >= piece.Length && text.EndsWith(piece, StringComparison.Ordinal);
                }
                var found = text.IndexOf(piece, position, StringComparison.Ordinal);
                if (found < 0)
                {
                    return false;
                }
                position = found + piece.Length;
            }
            return !anchored || position == text.Length;
        }

        private static string Decode(string value)
        {
            try
            {
                return Uri.UnescapeDataString(value);
            }
            catch (UriFormatException)
            {
                return value;
            }
        }
    }

    /// <summary>robots.txt bodies past this are cut (the RFC requires parsing at least 500 KiB).</summary>
    public const int MaxBytes = 512 * 1024;

    public static string Decode(byte[] body) =>
        Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxBytes));
}
