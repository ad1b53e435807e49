using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Which one of a series a text names: "first", "2nd", "third", "제3차", "3차". A question about
/// the third council is not answered by a line about the second.
/// </summary>
public static partial class Ordinals
{
    private static readonly string[] Words =
        ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

    [GeneratedRegex(@"(?i)\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)|(\d{1,2})(?:st|nd|rd|th))\b")]
    private static partial Regex English();

    // "제3차", "3차", "제1회" (회 only after 제: "1회의" is not a series), "첫 번째", "두번째", "첫 협의회".
    [GeneratedRegex(@"(?:제\s?)?(\d{1,2})\s?차(?!례|[\p{N}])|제\s?(\d{1,2})\s?회(?![의원사계담장])|(?<!\p{L})(첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?번째|(?<!\p{L})(첫)(?:\s|회)")]
    private static partial Regex Korean();

    private static readonly string[] KoreanCounts = ["", "첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열"];

    // "first" in these senses is not a position in a series of events.
    [GeneratedRegex(@"(?i)\b(?:at first|first of all|first time|for the first|first asian|first country|the first to|first half|second half|first-ever|first round|second round|first quarter|first calls?)\b")]
    private static partial Regex NotSeries();

    [GeneratedRegex(@"\b(?:on|from|until|by|since)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}(?:st|nd|rd|th)\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b\d{1,2}(?:st|nd|rd|th)[-\s](?:largest|biggest|century|anniversary)", RegexOptions.IgnoreCase)]
    private static partial Regex DayOfMonth();

    // "the next Digital Partnership Council is scheduled …": the word after "next" names the series.
    [GeneratedRegex(@"(?i)\bthe\s+next\s+(?<word>[\p{L}\-]{3,})")]
    private static partial Regex Next();

    /// <summary>
    /// Which one of a series a line means by "the next" one when it names no ordinal itself: the
    /// one after the highest its page gives that series ("their first Digital Partnership
    /// Council" … "the next Digital Partnership Council" is the second). A page written after the
    /// first council is no answer about the fourth. Null when the line says no "the next", or the
    /// page names no ordinal on a line sharing the word that follows "next".
    /// </summary>
    public static int? ImpliedByNext(string line, IEnumerable<string> pageLines)
    {
        if (Next().Match(line) is not { Success: true } m)
        {
            return null;
        }
        var word = m.Groups["word"].Value;
        var highest = 0;
        foreach (var other in pageLines)
        {
            if (!ReferenceEquals(other, line) && other.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var n in In(other))
                {
                    highest = Math.Max(highest, n);
                }
            }
        }
        return highest == 0 ? null : highest + 1;
    }

    public static IReadOnlySet<int> In(string text)
    {
        var found = new HashSet<int>();
        if (!MayName(text))
        {
            return found;
        }
        var cleaned = DayOfMonth().Replace(NotSeries().Replace(text, " "), " ");
        foreach (Match m in English().Matches(cleaned))
        {
            found.Add(m.Groups[1].Success
                ? Array.IndexOf(Words, m.Groups[1].Value.ToLowerInvariant())
                : int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        foreach (Match m in Korean().Matches(text))
        {
            found.Add(m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)
                : Array.IndexOf(KoreanCounts, m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value));
        }
        found.Remove(0);
        return found;
    }

    private static readonly System.Buffers.SearchValues<string> OrdinalWords = System.Buffers.SearchValues.Create(Words[1..], StringComparison.OrdinalIgnoreCase);

    // Letters a case-insensitive pattern equates with Latin ones ("ſ" with "s", the Kelvin sign with "k", Turkish i's).
    private static readonly System.Buffers.SearchValues<char> RegexOnlyCaseForms = System.Buffers.SearchValues.Create("\u212A\u017F\u0130\u0131");

    /// <summary>
    /// Whether the patterns can find anything: every ordinal has a digit or one of the words.
    /// Most lines have neither, and skip the patterns (answers read every line they retrieve).
    /// </summary>
    private static bool MayName(string text)
    {
        var span = text.AsSpan();
        foreach (var c in span)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }
        return span.IndexOfAny(OrdinalWords) >= 0 || span.IndexOfAny(RegexOnlyCaseForms) >= 0 || span.Contains('첫') || span.Contains("번째", StringComparison.Ordinal);
    }

    /// <summary>The ordinal as the text writes it ("third", "3rd", "제3차") when it names exactly one, else null.</summary>
    public static string? Span(string text)
    {
        if (In(text).Count != 1)
        {
            return null;
        }
        var cleaned = DayOfMonth().Replace(NotSeries().Replace(text, m => new string(' ', m.Length)), m => new string(' ', m.Length));
        var english = English().Match(cleaned);
        var korean = Korean().Match(text);
        return english.Success && (!korean.Success || english.Index < korean.Index) ? english.Value : korean.Success ? korean.Value : null;
    }

    /// <summary>"third" → 3; used for openings ("the 3rd").</summary>
    public static string Suffixed(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
