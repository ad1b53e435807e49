using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Finds the dates a line states and resolves them against its document's date: a day without a
/// year takes the document's year ("March 26" in a 2024 release), "today" is the document date,
/// "on Monday" the last Monday up to it, "last year" the year before.
/// </summary>
public static partial class EventDates
{
    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

    [GeneratedRegex(@"\b(?<d1>\d{1,2})(?:\s*[-–]\s*(?<d2>\d{1,2}))?\s+(?<m>" + Month + @")\.?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<m>" + Month + @")\.?\s+(?<d1>\d{1,2})(?:\s*[-–]\s*(?<d2>\d{1,2}))?(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<m>" + Month + @")\.?\s+(?<d1>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d{2})(?![\d:])", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<d1>\d{1,2})\s+(?<m>" + Month + @")\b(?!\.?,?\s+(?:19|20)\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:(?<q>early|mid|late|end of|the end of|beginning of)\s+)?(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthYear();

    // A year inside an identifier ("HORIZON-JU-SNS-2024-STREAM-B-01-06") dates nothing.
    [GeneratedRegex(@"\b(?:(?:early|mid|late|later|earlier|the end of|end of|the beginning of|beginning of|the first half of|the second half of)(?:\s+in)?\s+)?(?<![\p{L}\d]-)(?<y>(?:19|20)\d{2})\b(?!-[\p{L}])")]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"(?:(?<y>(?:19|20)\d{2})\s?년\s?)?(?<m>\d{1,2})\s?월\s?(?<d>\d{1,2})\s?일")]
    private static partial Regex KoreanDay();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})\s?년\s?(?<m>\d{1,2})\s?월(?!\s?\d)")]
    private static partial Regex KoreanMonth();

    [GeneratedRegex(@"(?i)\b(?:on\s+)?(?<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"(?i)\b(?:on|from)\s+the\s+(?<d>\d{1,2})(?:st|nd|rd|th)\b")]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"(?i)\b(?:today|this morning|this week|yesterday|last year|last month|this year|next year)\b")]
    private static partial Regex Relative();

    /// <summary>All dates in the line, most precise first, then in order of appearance.</summary>
    public static IReadOnlyList<DateSpan> In(string line, DateOnly? documentDate)
    {
        var spans = new List<DateSpan>();
        var taken = new bool[line.Length];

        void Add(Match m, DateOnly? date, DatePrecision precision)
        {
            if (taken.AsSpan(m.Index, m.Length).Contains(true))
            {
                return;
            }
            for (var i = m.Index; i < m.Index + m.Length; i++)
            {
                taken[i] = true;
            }
            spans.Add(new DateSpan(m.Value.Trim(), m.Index, date, precision));
        }

        // Only weekdays and words like "today" are dates without a digit; the other patterns all need one.
        if (!line.AsSpan().ContainsAnyInRange('0', '9'))
        {
            AddWordDates(line, documentDate, Add);
            return Ordered(spans);
        }
        foreach (Match m in DayMonthYear().Matches(line))
        {
            Add(m, Build(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d1"].Value), DatePrecision.Day);
        }
        foreach (Match m in MonthDayYear().Matches(line))
        {
            Add(m, Build(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d1"].Value), DatePrecision.Day);
        }
        foreach (Match m in KoreanDay().Matches(line))
        {
            var year = m.Groups["y"].Success ? m.Groups["y"].Value : documentDate?.Year.ToString(CultureInfo.InvariantCulture);
            Add(m, year is null ? null : Build(year, m.Groups["m"].Value, m.Groups["d"].Value), DatePrecision.Day);
        }
        foreach (Match m in MonthDay().Matches(line))
        {
            Add(m, documentDate is { } d ? Build(d.Year.ToString(CultureInfo.InvariantCulture), m.Groups["m"].Value, m.Groups["d1"].Value) : null, DatePrecision.Day);
        }
        foreach (Match m in DayMonth().Matches(line))
        {
            Add(m, documentDate is { } d ? Build(d.Year.ToString(CultureInfo.InvariantCulture), m.Groups["m"].Value, m.Groups["d1"].Value) : null, DatePrecision.Day);
        }
        foreach (Match m in DayOfMonth().Matches(line))
        {
            DateOnly? date = null;
            if (documentDate is { } d && int.TryParse(m.Groups["d"].Value, out var day) && day >= 1 && day <= DateTime.DaysInMonth(d.Year, d.Month))
            {
                date = new DateOnly(d.Year, d.Month, day);
                date = date > d ? date.Value.AddMonths(-1) : date;
            }
            Add(m, date, DatePrecision.Day);
        }
        AddWordDates(line, documentDate, Add);
        foreach (Match m in KoreanMonth().Matches(line))
        {
            Add(m, Build(m.Groups["y"].Value, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), 1), DatePrecision.Month);
        }
        foreach (Match m in MonthYear().Matches(line))
        {
            Add(m, Build(m.Groups["y"].Value, m.Groups["m"].Value, "1"), DatePrecision.Month);
        }
        foreach (Match m in YearOnly().Matches(line))
        {
            Add(m, Build(m.Groups["y"].Value, 1, 1), DatePrecision.Year);
        }
        return Ordered(spans);
    }

    /// <summary>Most precise first, then in order of appearance (spans never overlap, so no two share an index).</summary>
    private static List<DateSpan> Ordered(List<DateSpan> spans)
    {
        if (spans.Count > 1)
        {
            spans.Sort((a, b) => a.Precision != b.Precision ? b.Precision.CompareTo(a.Precision) : a.Index.CompareTo(b.Index));
        }
        return spans;
    }

    /// <summary>Weekdays ("on Monday") and relative words ("today", "last year"), resolved against the document date.</summary>
    private static void AddWordDates(string line, DateOnly? documentDate, Action<Match, DateOnly?, DatePrecision> add)
    {
        foreach (Match m in Weekday().Matches(line))
        {
            DateOnly? date = null;
            if (documentDate is { } d && Enum.TryParse<DayOfWeek>(m.Groups["w"].Value, true, out var weekday))
            {
                date = d.AddDays(-(((int)d.DayOfWeek - (int)weekday + 7) % 7));
            }
            add(m, date, DatePrecision.Day);
        }
        foreach (Match m in Relative().Matches(line))
        {
            DateOnly? date = null;
            var precision = DatePrecision.Day;
            if (documentDate is { } d)
            {
                (date, precision) = m.Value.ToLowerInvariant() switch
                {
                    "yesterday" => (d.AddDays(-1), DatePrecision.Day),
                    "last year" => (new DateOnly(d.Year - 1, 1, 1), DatePrecision.Year),
                    "last month" => (new DateOnly(d.Year, d.Month, 1).AddMonths(-1), DatePrecision.Month),
                    "this year" => (new DateOnly(d.Year, 1, 1), DatePrecision.Year),
                    "next year" => (new DateOnly(d.Year + 1, 1, 1), DatePrecision.Year),
                    _ => (d, DatePrecision.Day),
                };
            }
            add(m, date, precision);
        }
    }

    /// <summary>The day a line speaks about: its most precise date, else its document's date.</summary>
    public static DateOnly? EventDate(string line, DateOnly? documentDate) =>
        In(line, documentDate).FirstOrDefault(s => s.Date is not null)?.Date ?? documentDate;

    private static DateOnly? Build(string year, string month, string day)
    {
        var m = MonthNumber(month);
        return m == 0 || !int.TryParse(day, out var d) ? null : Build(year, m, d);
    }

    private static DateOnly? Build(string year, int month, int day)
    {
        if (!int.TryParse(year, out var y) || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(y, month))
        {
            return null;
        }
        return new DateOnly(y, month, day);
    }

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>The month its first three letters name ("Sept." → 9), 0 for none.</summary>
    private static int MonthNumber(string name)
    {
        var trimmed = name.AsSpan().TrimEnd('.');
        if (trimmed.Length < 3)
        {
            return 0;
        }
        var prefix = trimmed[..3];
        for (var i = 0; i < 12; i++)
        {
            if (MonthNames[i].AsSpan(0, 3).Equals(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return 0;
    }
}
