using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Who a text is about: the partners (the EU, Korea, other countries) it names, read from the
/// partner file (Data/partners.txt). The bot's own subject is the EU–Korea partnership; a line
/// that is about another partner never answers, however many other words it shares.
/// </summary>
public sealed partial class Partners
{
    public const string Eu = "EU";
    public const string Korea = "KR";

    private readonly List<(string Id, string Name, StringComparison Comparison, Regex Pattern)> _english = [];
    private readonly List<(string Id, string Form)> _hangul = [];
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly List<(string Id, Regex Pattern)> _typedLower = [];

    private Partners()
    {
    }

    public static Partners Empty { get; } = new();

    /// <summary>Lines "ID: name, name" or "ID &lt; EU: name" (a member state), '#' comments.</summary>
    public static Partners Parse(string text)
    {
        var partners = new Partners();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line.StartsWith('#') || colon <= 0)
            {
                continue;
            }
            var head = line[..colon].Split('<', StringSplitOptions.TrimEntries);
            var id = head[0];
            if (head.Length > 1)
            {
                partners._members.Add(id);
            }
            foreach (var name in line[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Corpus.TextNormalizer.HasHangul(name))
                {
                    partners._hangul.Add((id, name.Replace(" ", "", StringComparison.Ordinal)));
                    continue;
                }
                // Acronyms in capitals ("US", "EU") only match in capitals, so the pronoun "us" is not a country.
                var options = name.Any(char.IsLower) ? RegexOptions.IgnoreCase : RegexOptions.None;
                var comparison = options == RegexOptions.None ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                var whole = $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}])";
                partners._english.Add((id, name, comparison, new Regex(whole, options | RegexOptions.CultureInvariant)));
                if (options == RegexOptions.None && !EnglishWordWhenLower.Contains(name.ToLowerInvariant()))
                {
                    // Chat questions are typed in lower case ("the uk-korea fund"): there the acronym counts in any case.
                    partners._typedLower.Add((id, new Regex(whole, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)));
                }
            }
        }
        return partners;
    }

    public static Partners Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    private static readonly System.Buffers.SearchValues<char> RegexOnlyCaseForms = System.Buffers.SearchValues.Create("\u212A\u017F\u0130\u0131");

    [GeneratedRegex(@"한\s?[-–・·‧,]\s?")]
    private static partial Regex KoreaDash();

    /// <summary>Partners the text names; member states of the EU are left out (they do not change the subject).</summary>
    public IReadOnlySet<string> In(string text)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        // A name can only match where the text holds it: a plain substring search rules out most
        // names before their pattern runs (answers read every line of what they retrieve). The
        // few letters a case-insensitive pattern also equates with Latin ones (Kelvin sign, long s,
        // dotted and dotless i) leave every pattern to run.
        var screen = text.AsSpan().IndexOfAny(RegexOnlyCaseForms) < 0;
        foreach (var (id, name, comparison, pattern) in _english)
        {
            if (!found.Contains(id) && (!screen || text.Contains(name, comparison)) && pattern.IsMatch(text))
            {
                found.Add(id);
            }
        }
        if (Corpus.TextNormalizer.HasHangul(text))
        {
            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            foreach (var (id, form) in _hangul)
            {
                if (!found.Contains(id) && compact.Contains(form, StringComparison.Ordinal))
                {
                    found.Add(id);
                }
            }
            if (KoreaDash().IsMatch(text))
            {
                found.Add(Korea);
            }
        }
        found.ExceptWith(_members);
        return found;
    }

    // Acronyms that are English words when typed in lower case ("us").
    private static readonly HashSet<string> EnglishWordWhenLower = new(StringComparer.Ordinal) { "us" };

    /// <summary>
    /// Partners a question names: as <see cref="In"/>, and a partner acronym typed in lower case
    /// ("uk-korea") when it names another partner, with the EU typed the same way ("eu") beside it.
    /// A lower-case "eu" alone changes nothing: questions about the EU–Korea partnership are read
    /// as before.
    /// </summary>
    public IReadOnlySet<string> InQuestion(string question)
    {
        var found = (HashSet<string>)In(question);
        var typed = _typedLower.Where(t => !found.Contains(t.Id) && t.Pattern.IsMatch(question)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        typed.ExceptWith(_members);
        if (typed.Any(IsOther))
        {
            found.UnionWith(typed);
        }
        return found;
    }

    /// <summary>A partner other than the EU and Korea.</summary>
    public static bool IsOther(string id) => id is not (Eu or Korea);

    /// <summary>
    /// Whether a line is about another partnership: it names another partner but not Korea, or
    /// another partner and Korea but not the EU (Korea–US); or it names neither EU nor Korea and
    /// its context (heading, document) is about another partnership.
    /// </summary>
    public static bool AboutOther(IReadOnlySet<string> line, IReadOnlySet<string> context, IReadOnlySet<string> allowed)
    {
        static bool Foreign(IReadOnlySet<string> set, IReadOnlySet<string> allowed) => set.Any(p => IsOther(p) && !allowed.Contains(p));
        if (Foreign(line, allowed))
        {
            return !line.Contains(Korea) || !(line.Contains(Eu) || context.Contains(Eu));
        }
        if (line.Contains(Korea) && line.Contains(Eu))
        {
            return false;
        }
        return Foreign(context, allowed) && !(context.Contains(Korea) && context.Contains(Eu));
    }
}
