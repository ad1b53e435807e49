using System.Globalization;
using System.Text.RegularExpressions;
using ChatBot.Core.Corpus;

namespace ChatBot.Core.Answers;

/// <summary>
/// The fixed Korean words of a reply to a Korean question: dates written the Korean way
/// ("28 November 2025" → "2025년 11월 28일", only the parts the line itself states), places
/// without their English preposition, the predicate an event line reports ("was held" →
/// "열렸습니다"), particles chosen by the last syllable, the source-age note and the refusal.
/// Facts (names, places, amounts) stay as the cited line writes them.
/// </summary>
public static partial class KoreanPhrases
{
    public const string NotFoundText = "파트너십 문서에서 찾지 못했습니다.";

    [GeneratedRegex(@"(?:19|20)\d{2}")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(\d{1,2})\s*[-–]\s*(\d{1,2})\b(?!\d)")]
    private static partial Regex DayRange();

    [GeneratedRegex(@"(?i)\b(early|mid|late|later|earlier|end of|beginning of|first half of|second half of)\b")]
    private static partial Regex Part();

    [GeneratedRegex(@"^(?:[Ii]n|[Aa]t)\s+(?:the\s+)?")]
    private static partial Regex Preposition();

    // The event verbs SentenceCues counts as "it happened", and the Korean ones of news copy.
    [GeneratedRegex(@"(?i)\b(took place|taken place|was held|were held|held|met|convened|gathered|happened|was organi[sz]ed|concluded|launched|adopted|signed)\b|(열렸|열린|개최|서명|체결|타결|출범|채택)")]
    private static partial Regex EventVerb();

    /// <summary>
    /// The date in Korean form, saying no more than the line does: a year the line does not
    /// write is not added, except for words like "today" or "on Monday", which mean a day only
    /// with their document's date. Korean spans and spans that cannot be read stay as written.
    /// </summary>
    public static string Date(DateSpan span)
    {
        if (TextNormalizer.HasHangul(span.Text) || span.Date is not { } date)
        {
            return span.Text;
        }
        var fromWords = !span.Text.Any(char.IsDigit);
        var year = fromWords || Year().IsMatch(span.Text) ? $"{date.Year}년 " : "";
        var part = Part().Match(span.Text) is { Success: true } m ? PartOf(m.Value) : "";
        switch (span.Precision)
        {
            case DatePrecision.Day:
                var range = DayRange().Match(span.Text);
                var days = range.Success && int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture) == date.Day
                    ? $"{date.Day}~{range.Groups[2].Value}일"
                    : $"{date.Day}일";
                return $"{year}{date.Month}월 {days}";
            case DatePrecision.Month:
                return $"{year}{date.Month}월{(part.Length > 0 ? " " + part : "")}";
            default:
                return $"{date.Year}년{(part.Length > 0 ? " " + part : "")}";
        }
    }

    private static string PartOf(string word) => word.ToLowerInvariant() switch
    {
        "early" or "beginning of" => "초",
        "mid" => "중반",
        "late" or "end of" => "말",
        "later" => "후반",
        "earlier" => "전반",
        "first half of" => "상반기",
        "second half of" => "하반기",
        _ => "",
    };

    /// <summary>"in Seoul" → "Seoul", "at the Jeju ICC" → "Jeju ICC"; Korean places as they are.</summary>
    public static string Place(string span) => Preposition().Replace(span.Trim(), "");

    /// <summary>What the line reports of its event, as a Korean predicate ("열렸습니다", "열릴 예정입니다"); null when it names no event verb.</summary>
    public static string? Predicate(string line, bool planned)
    {
        var m = EventVerb().Match(line);
        if (!m.Success)
        {
            return null;
        }
        var verb = m.Value.ToLowerInvariant();
        var (done, plan) = verb switch
        {
            "concluded" or "타결" => ("타결되었습니다", "타결될 예정입니다"),
            "signed" or "서명" => ("서명되었습니다", "서명될 예정입니다"),
            "체결" => ("체결되었습니다", "체결될 예정입니다"),
            "launched" or "출범" => ("시작되었습니다", "시작될 예정입니다"),
            "adopted" or "채택" => ("채택되었습니다", "채택될 예정입니다"),
            _ => ("열렸습니다", "열릴 예정입니다"),
        };
        return planned ? plan : done;
    }

    /// <summary>은 after a final consonant, 는 after a vowel (a Latin or digit ending reads as a consonant).</summary>
    public static string Topic(string word) => HasFinal(word) ? "은" : "는";

    /// <summary>으로 after a final consonant other than ㄹ, else 로.</summary>
    public static string Toward(string word) => HasFinal(word) && FinalIndex(word) != 8 ? "으로" : "로";

    private static bool HasFinal(string word) => FinalIndex(word) != 0;

    private static int FinalIndex(string word)
    {
        var last = word.TrimEnd().LastOrDefault();
        return last is >= '\uAC00' and <= '\uD7A3' ? (last - 0xAC00) % 28 : 1;
    }

    /// <summary>"2023년 6월 30일 자료, 2년 이상 지남": the age note of a cited source.</summary>
    public static string AgeNote(DateOnly date, DateOnly today)
    {
        var dated = $"{date.Year}년 {date.Month}월 {date.Day}일 자료";
        if (date > today)
        {
            return dated + ", 미래 날짜";
        }
        var months = (today.Year - date.Year) * 12 + today.Month - date.Month - (today.Day < date.Day ? 1 : 0);
        return months < 1 ? dated + ", 한 달 이내"
            : months < 12 ? $"{dated}, {months}개월 이상 지남"
            : $"{dated}, {months / 12}년 이상 지남";
    }

    /// <summary>The refusal for a Korean question, with the topics it can answer about.</summary>
    public static string NotFound(IReadOnlyList<string> topics) =>
        topics.Count == 0 ? NotFoundText : $"{NotFoundText} 답할 수 있는 주제: {string.Join(", ", topics)}.";
}
