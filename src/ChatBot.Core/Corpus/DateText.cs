using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Corpus;

/// <summary>Dates as documents write them: ISO in front matter, "August 12, 2025" or "12 August 2025" in text.</summary>
public static partial class DateText
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s*(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    public static DateOnly? ParseIso(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return DateOnly.FromDateTime(moment.UtcDateTime);
        }
        return FindFirst(trimmed);
    }

    /// <summary>The first "Month D, YYYY" or "D Month YYYY" in the text (whichever comes first).</summary>
    public static DateOnly? FindFirst(string text)
    {
        var a = MonthDayYear().Match(text);
        var b = DayMonthYear().Match(text);
        DateOnly? first = null;
        var at = int.MaxValue;
        if (a.Success && TryBuild(a.Groups[3].Value, a.Groups[1].Value, a.Groups[2].Value, out var da))
        {
            first = da;
            at = a.Index;
        }
        if (b.Success && b.Index < at && TryBuild(b.Groups[3].Value, b.Groups[2].Value, b.Groups[1].Value, out var db))
        {
            first = db;
        }
        return first;
    }

    /// <summary>"30 June 2023".</summary>
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static bool TryBuild(string year, string month, string day, out DateOnly date)
    {
        date = default;
        var m = Array.IndexOf(Months, month.ToLowerInvariant()) + 1;
        if (m == 0 || !int.TryParse(year, out var y) || !int.TryParse(day, out var d) || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }
        date = new DateOnly(y, m, d);
        return true;
    }
}
