using System.Text;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Summaries;

/// <summary>
/// Which passage sentences read as statements worth quoting on their own, as opposed to
/// headings, bylines, dates and fragments; and the word-level helpers summaries and digests
/// rank them with.
/// </summary>
public static partial class ProseSentences
{
    private const int MinWords = 6;
    private const int MaxLength = 600;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
        "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "will", "with", "between", "both",
        "eu", "korea", "rok", "republic", "european", "union", "partners", "sides",
    };

    /// <summary>
    /// The sentence without list markers in front ("•", "-", "*"). What remains is still a verbatim
    /// run of the source, so it can be quoted as-is.
    /// </summary>
    public static string Clean(string sentence) =>
        sentence.Trim().TrimStart('•', '·', '*', '-', '–', '—', '▪', '◦', ' ', '\t').Trim();

    /// <summary>True for a complete statement that can stand alone in a summary or digest.</summary>
    public static bool IsProse(string sentence, string? heading, string? title)
    {
        var text = Clean(sentence);
        if (text.Length == 0 || text.Length > MaxLength || !EndsLikeSentence().IsMatch(text))
        {
            return false;
        }
        if (Words(text).Count < MinWords)
        {
            return false;
        }
        var normalized = Normalize(text);
        if (Repeats(normalized, heading) || Repeats(normalized, title))
        {
            return false;
        }
        return !Byline().IsMatch(text) && !FusedHeading().IsMatch(text);
    }

    /// <summary>
    /// The sentence is the heading or title, or opens with it and runs on: a headline the
    /// splitter fused to the first sentence below it, which no summary should quote.
    /// </summary>
    private static bool Repeats(string normalized, string? heading)
    {
        if (heading is null)
        {
            return false;
        }
        var key = Normalize(heading);
        return key.Length > 0 && (normalized == key || normalized.StartsWith(key + " ", StringComparison.Ordinal));
    }

    /// <summary>Lower case words of letters and digits, in order.</summary>
    public static IReadOnlyList<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>The words that carry meaning (no stop words, no one-letter tokens).</summary>
    public static HashSet<string> ContentWords(string text) =>
        Words(text).Where(w => w.Length > 1 && !StopWords.Contains(w)).Select(Stem).ToHashSet(StringComparer.Ordinal);

    /// <summary>A key for "the same sentence": case, spacing and punctuation ignored.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var word in Words(Clean(text)))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(word);
        }
        return builder.ToString();
    }

    // Plural and simple verb endings only: enough for "semiconductors" to meet "semiconductor".
    private static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    [GeneratedRegex(@"[.!?][""'”’)\]]*$")]
    private static partial Regex EndsLikeSentence();

    // A heading line joined to the sentence under it ("… in strategic sectors Both partners are …"):
    // after three or more unpunctuated words, a lower-case word runs straight into a word that only
    // opens sentences. Names ("the European Commission") are capitalised but are not such words, and
    // after a preposition "The" starts a name ("in The Korea Herald").
    [GeneratedRegex(@"^(?:[\p{L}\p{N}'’\-–&/()]+ ){3,}?(?!(?:in|to|by|of|from|on|at|for|with|and|or|the|a|an) )[\p{Ll}\p{N}][\p{L}\p{N}]* (?:The|A|An|Both|This|These|Those|It|Its|They|Their|We|Our|He|She|His|Her|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|According|Today|Yesterday|On|In|At|After|Before|During|Under|While|When|With) \p{L}")]
    private static partial Regex FusedHeading();

    [GeneratedRegex(@"^(By|Written by|Photo:|Source:|Image:)\s", RegexOptions.IgnoreCase)]
    private static partial Regex Byline();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex WordPattern();
}
