namespace ChatBot.Core.Answers;

/// <summary>
/// The words of the corpus, for correcting typos in questions ("semicondutor", "frist"): a word
/// the corpus does not have becomes the corpus word one or two edits away (transpositions count
/// as one) that occurs most often.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> _counts;
    private readonly Dictionary<int, List<string>> _byLength = [];
    private readonly HashSet<string> _lowercase = new(StringComparer.Ordinal);

    public Vocabulary(IEnumerable<string> texts)
    {
        _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var letter = i < text.Length && char.IsAsciiLetter(text[i]);
                if (letter && start < 0)
                {
                    start = i;
                }
                else if (!letter && start >= 0)
                {
                    if (i - start >= 3)
                    {
                        var word = text[start..i].ToLowerInvariant();
                        _counts[word] = _counts.GetValueOrDefault(word) + 1;
                        if (char.IsLower(text[start]))
                        {
                            _lowercase.Add(word);
                        }
                    }
                    start = -1;
                }
            }
        }
        foreach (var word in _counts.Keys)
        {
            if (!_byLength.TryGetValue(word.Length, out var list))
            {
                _byLength[word.Length] = list = [];
            }
            list.Add(word);
        }
    }

    public bool Contains(string word) => _counts.ContainsKey(word.ToLowerInvariant());

    /// <summary>The corpus writes the word in lower case somewhere: a common word, not a name.</summary>
    public bool SeenLowercase(string word) => _lowercase.Contains(word.ToLowerInvariant());

    /// <summary>The closest corpus word, or null when the word is known, too short, or nothing is close.</summary>
    public string? Correct(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.Length < 4 || !lower.All(char.IsAsciiLetter) || _counts.ContainsKey(lower))
        {
            return null;
        }
        var maxEdits = lower.Length >= 8 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestCount = 0;
        for (var length = lower.Length - maxEdits; length <= lower.Length + maxEdits; length++)
        {
            if (!_byLength.TryGetValue(length, out var words))
            {
                continue;
            }
            foreach (var candidate in words)
            {
                // Typos rarely touch the first letter; checking it first keeps the scan cheap.
                if (candidate[0] != lower[0] && !(candidate.Length > 1 && candidate[1] == lower[0] && candidate[0] == lower[1]))
                {
                    continue;
                }
                var distance = Distance(lower, candidate, maxEdits);
                var count = _counts[candidate];
                if (distance <= maxEdits && (distance < bestDistance || distance == bestDistance && count > bestCount))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestCount = count;
                }
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance, stopping early past <paramref name="max"/>.</summary>
    internal static int Distance(string a, string b, int max)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }
                d[i, j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
        }
        return d[a.Length, b.Length];
    }
}
