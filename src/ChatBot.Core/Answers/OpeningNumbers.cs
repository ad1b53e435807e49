using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Every number in an opening must stand in a cited quote. Openings of Korean questions write
/// facts the Korean way, so the check reads them the Korean way too: "1,200만 유로" stands in a
/// quote that says "€12 million", "2023년 6월 30일" in one that says "30 June 2023". A date the
/// opening resolved from the quote's "on Monday" stands in that source's own date.
/// </summary>
public static partial class OpeningNumbers
{
    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<y>\d{4})년|(?<m>\d{1,2})월|(?<d>\d{1,2})(?:~(?<d2>\d{1,2}))?일")]
    private static partial Regex KoreanDatePart();

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?")]
    private static partial Regex Number();

    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12).ToArray();

    /// <summary>True when every number of the opening stands in a quote (as written, or as the same amount or date written another way).</summary>
    public static bool StandInQuotes(string opening, IReadOnlyList<(string Quote, DateOnly? Date)> sources)
    {
        var rest = Marker().Replace(opening, " ");
        foreach (var (text, amount) in KoreanNumbers.KoreanAmounts(rest).ToList())
        {
            if (!sources.Any(s => s.Quote.Contains(text, StringComparison.Ordinal) || ValuesIn(s.Quote).Contains(amount.Value)))
            {
                return false;
            }
            rest = rest.Replace(text, " ", StringComparison.Ordinal);
        }
        var failed = false;
        rest = KoreanDatePart().Replace(rest, m =>
        {
            failed |= !DatePartStands(m, sources);
            return " ";
        });
        if (failed)
        {
            return false;
        }
        foreach (Match m in Number().Matches(rest))
        {
            var number = m.Value.TrimEnd(',', '.');
            // A count opened the Korean way ("4개") stands in a quote that spells it ("Four … projects").
            if (!sources.Any(s => s.Quote.Contains(number, StringComparison.Ordinal) || SpelledIn(number, s.Quote)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SpelledIn(string number, string quote) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < KoreanNumbers.NumberWords.Length
        && Regex.IsMatch(quote, $@"(?i)(?<!\p{{L}}){KoreanNumbers.NumberWords[n]}(?!\p{{L}})");

    private static bool DatePartStands(Match m, IReadOnlyList<(string Quote, DateOnly? Date)> sources)
    {
        if (sources.Any(s => s.Quote.Contains(m.Value, StringComparison.Ordinal)))
        {
            return true;
        }
        if (m.Groups["y"].Success)
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            return sources.Any(s => s.Quote.Contains(m.Groups["y"].Value, StringComparison.Ordinal) || s.Date?.Year == year);
        }
        if (m.Groups["m"].Success)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return false;
            }
            var name = Months[month - 1];
            return sources.Any(s => s.Quote.Contains(name[..3], StringComparison.OrdinalIgnoreCase) || s.Date?.Month == month);
        }
        var days = new[] { m.Groups["d"].Value, m.Groups["d2"].Value }.Where(d => d.Length > 0);
        return days.All(d => sources.Any(s => Regex.IsMatch(s.Quote, $@"(?<!\d){d}(?!\d)") || s.Date?.Day == int.Parse(d, CultureInfo.InvariantCulture)));
    }

    /// <summary>The values of the amounts a quote states, English ("€12 million") and Korean ("1억 2천만 원") alike.</summary>
    private static HashSet<decimal> ValuesIn(string quote)
    {
        var values = new HashSet<decimal>();
        foreach (var amount in Cues.Amounts(quote, null))
        {
            if (KoreanNumbers.ParseEnglish(amount) is { } parsed)
            {
                values.Add(parsed.Value);
            }
        }
        foreach (var (_, amount) in KoreanNumbers.KoreanAmounts(quote))
        {
            values.Add(amount.Value);
        }
        return values;
    }
}
