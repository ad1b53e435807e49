namespace ChatBot.Core.Corpus;

/// <summary>
/// Splits a block into sentences that are verbatim substrings of it. A sentence ends at '.', '!'
/// or '?' (plus closing quotes/brackets) followed by whitespace and an upper-case letter, digit or
/// opening quote, unless the word before the period is a known abbreviation ("Dr", "U.S.", "e.g.")
/// or a single initial. A run-on "sentence" longer than <see cref="MaxSentenceChars"/> is cut at
/// whitespace into pieces no longer than that, so no quote or answer can grow with a hostile file.
/// </summary>
public static class SentenceSplitter
{
    /// <summary>Longest sentence kept whole; real ones, even in legal text, stay well under it.</summary>
    public const int MaxSentenceChars = 1000;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "vs", "etc", "e.g", "i.e", "cf", "al", "no", "nos",
        "inc", "ltd", "co", "corp", "dept", "gov", "fig", "vol", "pp", "approx", "est", "min", "max", "rev", "gen",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "u.s", "u.k", "e.u", "u.n", "a.m", "p.m", "ph.d", "m.sc", "b.sc",
    };

    public static IReadOnlyList<string> Split(string block)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }
            var end = i + 1;
            while (end < block.Length && block[end] is '"' or '\'' or ')' or ']' or '’' or '”' or '.' or '!' or '?')
            {
                end++;
            }
            if (end >= block.Length || !char.IsWhiteSpace(block[end]))
            {
                continue;
            }
            var next = end;
            while (next < block.Length && char.IsWhiteSpace(block[next]))
            {
                next++;
            }
            if (next >= block.Length || !StartsSentence(block[next]))
            {
                continue;
            }
            if (c == '.' && IsAbbreviation(block, start, i))
            {
                continue;
            }
            Add(sentences, block[start..end]);
            start = next;
            i = next - 1;
        }
        if (start < block.Length)
        {
            Add(sentences, block[start..]);
        }
        return sentences;
    }

    private static void Add(List<string> sentences, string sentence)
    {
        var rest = sentence.AsSpan().Trim();
        while (rest.Length > MaxSentenceChars)
        {
            var cut = rest[..(MaxSentenceChars + 1)].LastIndexOfAny(' ', '\t', '\n');
            if (cut <= 0)
            {
                // One endless word: cut anyway, but never between the halves of a surrogate pair.
                cut = char.IsHighSurrogate(rest[MaxSentenceChars - 1]) ? MaxSentenceChars - 1 : MaxSentenceChars;
            }
            sentences.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
        {
            sentences.Add(rest.ToString());
        }
    }

    // An emoji or a symbol after a full stop opens the next sentence ("… from 2025. 🎉Delighted to …", "… said. ▶ Joint statement"):
    // embedded posts and link lines start that way, and glued to the sentence before they lend it their words.
    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '“' or '‘' or '\'' or '(' or '[' || (char.IsLetter(c) && !char.IsLower(c))
        || char.IsHighSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherSymbol;

    /// <summary>The token ending at the period (exclusive) is an abbreviation or an initial.</summary>
    private static bool IsAbbreviation(string block, int sentenceStart, int period)
    {
        var tokenStart = period;
        while (tokenStart > sentenceStart && !char.IsWhiteSpace(block[tokenStart - 1]) && block[tokenStart - 1] is not ('(' or '"' or '“'))
        {
            tokenStart--;
        }
        var token = block[tokenStart..period];
        if (token.Length == 0)
        {
            return false;
        }
        if (token.Length == 1 && char.IsUpper(token[0]))
        {
            return true;
        }
        return Abbreviations.Contains(token);
    }
}
