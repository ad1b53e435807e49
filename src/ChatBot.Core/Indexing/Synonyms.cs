namespace ChatBot.Core.Indexing;

/// <summary>
/// The editable synonym/acronym groups (Data/synonyms.txt): one group per line, comma-separated
/// alternatives, '#' comments. Expansion works on the question: any alternative found in it as
/// a phrase brings in the other alternatives of its group.
/// </summary>
public sealed class Synonyms
{
    private readonly IReadOnlyList<IReadOnlyList<string>> _groups;

    public Synonyms(IReadOnlyList<IReadOnlyList<string>> groups) => _groups = groups;

    public static Synonyms Empty { get; } = new([]);

    public IReadOnlyList<IReadOnlyList<string>> Groups => _groups;

    public static Synonyms Parse(string text)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var alternatives = line.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (alternatives.Count > 1)
            {
                groups.Add(alternatives);
            }
        }
        return new Synonyms(groups);
    }

    public static Synonyms Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    /// <summary>Groups with an alternative that occurs in the text as a whole-word phrase (case-insensitive).</summary>
    public IReadOnlyList<SynonymMatch> Find(string text)
    {
        var matches = new List<SynonymMatch>();
        foreach (var group in _groups)
        {
            var found = group.Where(a => ContainsPhrase(text, a)).OrderByDescending(a => a.Length).FirstOrDefault();
            if (found is not null)
            {
                matches.Add(new SynonymMatch(found, group.Where(a => !string.Equals(a, found, StringComparison.OrdinalIgnoreCase)).ToList()));
            }
        }
        return matches;
    }

    /// <summary>The other alternatives for every group matched in the text.</summary>
    public IReadOnlyList<string> Expand(string text) => Find(text).SelectMany(m => m.Alternatives).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    internal static bool ContainsPhrase(string text, string phrase)
    {
        var at = 0;
        while ((at = text.IndexOf(phrase, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + phrase.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
            at++;
        }
        return false;
    }
}
