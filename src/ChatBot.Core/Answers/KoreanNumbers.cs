using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Amounts the Korean way and back: Korean groups numbers by 10,000 (만), 100,000,000 (억) and
/// 10^12 (조), so "€12 million" reads "1,200만 유로", "EUR 216 million" "2억 1,600만 유로" and
/// "€95.5 billion" "955억 유로"; "1억 2천만 유로" is 120,000,000 euros.
/// </summary>
public static partial class KoreanNumbers
{
    /// <summary>An amount of money (or a plain count when <see cref="Currency"/> is empty) and whether it is per party ("each").</summary>
    public readonly record struct Amount(decimal Value, string Currency, bool Each);

    [GeneratedRegex(@"(?i)^(?<pre>€|\$|£|¥|₩|EUR|USD|KRW|GBP|JPY)?\s?(?<num>\d[\d,]*(?:\.\d+)?)\s?(?<scale>million|billion|trillion|bn|m)?\b\.?\s*(?<post>euros?|won|dollars?|EUR|USD|KRW)?(?<each>\s+each)?$")]
    private static partial Regex English();

    // "1억 2천만", "1,200만", "2억 1,600만 유로", "955억 유로", "3천만 원", "120만 달러".
    [GeneratedRegex(@"(?<num>(?:\d[\d,]*(?:\.\d+)?\s?(?:조|억|천만|백만|십만|만|천|백)\s?)+(?:\d[\d,]*(?:\.\d+)?)?)\s?(?<unit>유로|원|달러|파운드|엔)?")]
    private static partial Regex Korean();

    [GeneratedRegex(@"(?<n>\d[\d,]*(?:\.\d+)?)\s?(?<u>조|억|천만|백만|십만|만|천|백)?")]
    private static partial Regex KoreanPart();

    /// <summary>"€12 million", "EUR 216 million", "12 million euros", "€6 million each"; null when the text is not one amount.</summary>
    public static Amount? ParseEnglish(string text)
    {
        var m = English().Match(text.Trim());
        if (!m.Success || !decimal.TryParse(m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        var scale = m.Groups["scale"].Value.ToLowerInvariant() switch
        {
            "million" or "m" => 1_000_000m,
            "billion" or "bn" => 1_000_000_000m,
            "trillion" => 1_000_000_000_000m,
            _ => 1m,
        };
        var currency = CurrencyOf(m.Groups["pre"].Value) ?? CurrencyOf(m.Groups["post"].Value);
        if (currency is null)
        {
            return null;
        }
        return new Amount(number * scale, currency, m.Groups["each"].Success);
    }

    private static string? CurrencyOf(string mark) => mark.ToLowerInvariant() switch
    {
        "€" or "eur" or "euro" or "euros" => "유로",
        "$" or "usd" or "dollar" or "dollars" => "달러",
        "£" or "gbp" => "파운드",
        "¥" or "jpy" => "엔",
        "₩" or "krw" or "won" => "원",
        _ => null,
    };

    /// <summary>Every amount written the Korean way in the text, with its value ("1억 2천만 유로" → 120,000,000 유로).</summary>
    public static IEnumerable<(string Text, Amount Amount)> KoreanAmounts(string text)
    {
        foreach (Match m in Korean().Matches(text))
        {
            if (ValueOf(m.Groups["num"].Value) is { } value)
            {
                yield return (m.Value.Trim(), new Amount(value, m.Groups["unit"].Value, false));
            }
        }
    }

    /// <summary>"1억 2천만" → 120,000,000; "1,200만" → 12,000,000; null when it holds no Korean unit.</summary>
    public static decimal? ValueOf(string korean)
    {
        decimal total = 0, pending = 0;
        var unitSeen = false;
        foreach (Match part in KoreanPart().Matches(korean))
        {
            if (!decimal.TryParse(part.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }
            var unit = part.Groups["u"].Value;
            if (unit.Length == 0)
            {
                pending += n;
                continue;
            }
            unitSeen = true;
            var (inner, group) = Units[unit];
            if (group == 0)
            {
                // 천, 백: part of the group the next 만/억/조 closes.
                pending += n * inner;
            }
            else
            {
                total += (pending + n * inner) * group;
                pending = 0;
            }
        }
        return unitSeen ? total + pending : null;
    }

    // Each unit as (multiplier within its group, the group it closes; 0 when it closes none): 천만 is 1,000 × 만.
    private static readonly Dictionary<string, (decimal Inner, decimal Group)> Units = new(StringComparer.Ordinal)
    {
        ["조"] = (1, 1_000_000_000_000m),
        ["억"] = (1, 100_000_000m),
        ["만"] = (1, 10_000m),
        ["천만"] = (1000, 10_000m),
        ["백만"] = (100, 10_000m),
        ["십만"] = (10, 10_000m),
        ["천"] = (1000, 0),
        ["백"] = (100, 0),
    };

    /// <summary>
    /// The value in 조/억/만 groups: 12,000,000 → "1,200만", 216,000,000 → "2억 1,600만",
    /// 95,500,000,000 → "955억"; values with a fraction below one won/euro are written as they are.
    /// </summary>
    public static string Format(decimal value)
    {
        if (value != decimal.Truncate(value) || value < 10_000m)
        {
            return value.ToString("#,0.##", CultureInfo.InvariantCulture);
        }
        var parts = new List<string>();
        var rest = value;
        foreach (var (unit, size) in new[] { ("조", 1_000_000_000_000m), ("억", 100_000_000m), ("만", 10_000m) })
        {
            var count = decimal.Truncate(rest / size);
            if (count > 0)
            {
                parts.Add(count.ToString("#,0", CultureInfo.InvariantCulture) + unit);
                rest -= count * size;
            }
        }
        if (rest > 0)
        {
            parts.Add(rest.ToString("#,0", CultureInfo.InvariantCulture));
        }
        return string.Join(" ", parts);
    }

    /// <summary>"€12 million" → "1,200만 유로", "€6 million each" → "각 600만 유로"; other amounts (20%, counts) as written.</summary>
    public static string ToKorean(string english) =>
        ParseEnglish(english) is { } amount
            ? (amount.Each ? "각 " : "") + Format(amount.Value) + " " + amount.Currency
            : english;

    /// <summary>English number words a count may open with ("Four jointly funded projects").</summary>
    internal static readonly string[] NumberWords =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    /// <summary>The number an English count starts with: "14 institutes" → 14, "Four jointly funded projects" → 4; null when it starts with neither.</summary>
    public static int? CountOf(string count)
    {
        var first = count.Split(' ', 2)[0];
        if (int.TryParse(first.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        var word = Array.IndexOf(NumberWords, first.ToLowerInvariant());
        return word >= 0 ? word : null;
    }

    /// <summary>The forms an English line may write an amount in ("12 million", "12,000,000"), as term sequences for matching.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> EnglishForms(decimal value)
    {
        var forms = new List<IReadOnlyList<string>>();
        foreach (var (word, size) in new[] { ("trillion", 1_000_000_000_000m), ("billion", 1_000_000_000m), ("million", 1_000_000m) })
        {
            if (value >= size)
            {
                forms.Add([(value / size).ToString("0.###", CultureInfo.InvariantCulture), word]);
            }
        }
        forms.Add([value.ToString("#,0", CultureInfo.InvariantCulture)]);
        forms.Add([value.ToString("0", CultureInfo.InvariantCulture)]);
        return forms;
    }
}
