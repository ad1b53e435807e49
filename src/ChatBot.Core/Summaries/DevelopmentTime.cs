using System.Text.RegularExpressions;

namespace ChatBot.Core.Summaries;

/// <summary>
/// When the development a sentence reports happened, as far as its text says: the latest
/// "Month YYYY" or "YYYY" it mentions, never later than its document. Summaries order by it, so
/// "newest first" holds even when one document recounts several years.
/// </summary>
public static partial class DevelopmentTime
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <returns>The month of the latest mention (the first of it), else the document date, else null.</returns>
    public static DateOnly? Of(string sentence, DateOnly? documentDate)
    {
        DateOnly? latest = null;
        foreach (Match match in MonthYear().Matches(sentence))
        {
            var year = int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var month = match.Groups["month"].Success ? Array.IndexOf(Months, match.Groups["month"].Value.ToLowerInvariant()) + 1 : 1;
            var at = new DateOnly(year, Math.Max(month, 1), 1);
            if (latest is null || at > latest)
            {
                latest = at;
            }
        }
        if (latest is null)
        {
            return documentDate;
        }
        // Plans ("from 2027") are not developments yet: nothing is newer than the document saying it.
        return documentDate is { } d && latest > d ? d : latest;
    }

    [GeneratedRegex(@"(?<![\w-])(?:(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?<year>(?:19|20)\d{2})(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();
}
