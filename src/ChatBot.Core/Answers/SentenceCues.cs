using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>Surface patterns that tell whether a sentence has the kind of fact a question asks for.</summary>
public static partial class SentenceCues
{
    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d{2})\b")]
    public static partial Regex DateMention();

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b")]
    public static partial Regex Year();

    [GeneratedRegex(@"\b(?:in|at|to)\s+(?:the\s+)?[A-Z][\p{L}]+")]
    private static partial Regex PlaceMention();

    [GeneratedRegex(@"\b(?:by|By)\s+(?:[A-Z][\p{L}.\-]+\s+){0,6}[A-Z][\p{L}\-]+|\b(?:Minister|Commissioner|President|Professor|Prof|Dr|Mr|Ms|Mrs|Ambassador|Director|Secretary|Chair)\b")]
    private static partial Regex PersonMention();

    [GeneratedRegex(@"^By\s+[A-Z][\p{L}\-]+(?:\s+[A-Z][\p{L}\-]+)+")]
    private static partial Regex Byline();

    [GeneratedRegex(@"(?:€|\$|£|\b(?:million|billion|trillion|euros?|won|dollars?|EUR|USD|KRW)\b)")]
    private static partial Regex Money();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    [GeneratedRegex(@"\b(?:next|planned|plans?|scheduled|will|upcoming|expected|intends?|foreseen|to be held)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlanCue();

    [GeneratedRegex(@"\b(?:took place|taken place|was held|were held|held|met|convened|happened|was organi[sz]ed|concluded|launched|adopted|signed|gathered)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HappenedCue();

    [GeneratedRegex(@"예정|계획|열릴|개최할|할 것")]
    private static partial Regex KoreanPlan();

    [GeneratedRegex(@"열렸|개최했|가졌|개최됐|서명했|체결")]
    private static partial Regex KoreanHappened();

    [GeneratedRegex(@"^(?:(?<day>\d{1,2})\s+)?(?:(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?<year>(?:19|20)\d{2})\s*:")]
    private static partial Regex LeadingDateRegex();

    /// <summary>
    /// The date a timeline entry opens with ("March 2024: …", "30 June 2023: …", "2025: …"): the
    /// time the sentence speaks about, which may be older than its document.
    /// </summary>
    public static DateOnly? LeadingDate(string sentence)
    {
        var match = LeadingDateRegex().Match(sentence);
        if (!match.Success)
        {
            return null;
        }
        var year = int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var month = match.Groups["month"].Success
            ? DateTime.ParseExact(match.Groups["month"].Value, "MMMM", System.Globalization.CultureInfo.InvariantCulture).Month
            : 1;
        var day = match.Groups["day"].Success ? int.Parse(match.Groups["day"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
        return day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>0..1: how well the sentence has the kind of fact the question asks for.</summary>
    public static double For(QuestionKind kind, string sentence, string? documentAuthor) => kind switch
    {
        QuestionKind.When => DateMention().IsMatch(sentence) ? 1 : 0,
        QuestionKind.Where => PlaceMention().IsMatch(sentence) ? 1 : 0,
        QuestionKind.Who => PersonMention().IsMatch(sentence) ? 1 : 0,
        QuestionKind.Author => IsByline(sentence) ? 2
            : documentAuthor is { Length: > 0 } && sentence.Contains(documentAuthor, StringComparison.OrdinalIgnoreCase) ? 1
            : 0,
        QuestionKind.HowMuch => Money().IsMatch(sentence) ? 1 : Digit().IsMatch(sentence) ? 0.5 : 0,
        QuestionKind.List => sentence.Count(c => c == ',') >= 3 ? 1 : 0,
        _ => 0,
    };

    public static bool IsByline(string sentence) => Byline().IsMatch(sentence);

    public static bool IsHappened(string sentence) => HappenedCue().IsMatch(sentence) && !PlanCue().IsMatch(sentence);

    /// <summary>States a plan and does not also report that something happened.</summary>
    public static bool IsPlanOnly(string sentence) => PlanCue().IsMatch(sentence) && !HappenedCue().IsMatch(sentence);

    /// <summary>A plan in English or Korean ("is planned for", "열릴 예정"), not also a report that it happened.</summary>
    public static bool IsPlanned(string sentence) =>
        IsPlanOnly(sentence) || KoreanPlan().IsMatch(sentence) && !KoreanHappened().IsMatch(sentence);

    /// <summary>A Korean report that an event happened ("열렸다", "서명했다").</summary>
    public static bool IsKoreanHappened(string sentence) => KoreanHappened().IsMatch(sentence);

    public static IEnumerable<int> Years(string sentence) => Year().Matches(sentence).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
}
