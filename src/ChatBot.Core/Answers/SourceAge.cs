namespace ChatBot.Core.Answers;

/// <summary>How old a source is, in words ("over two years old"), relative to now.</summary>
public static class SourceAge
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public static string Describe(DateOnly date, DateOnly today)
    {
        if (date > today)
        {
            return "dated in the future";
        }
        var months = (today.Year - date.Year) * 12 + today.Month - date.Month - (today.Day < date.Day ? 1 : 0);
        if (months < 1)
        {
            return "less than a month old";
        }
        if (months < 12)
        {
            return months == 1 ? "over a month old" : $"over {Word(months)} months old";
        }
        var years = months / 12;
        var exact = months % 12 == 0 && today.Day == date.Day;
        var prefix = exact ? "" : "over ";
        return years == 1 ? $"{(exact ? "one year" : "over a year")} old" : $"{prefix}{Word(years)} years old";
    }

    /// <summary>"source dated 30 June 2023, over three years old".</summary>
    public static string Note(DateOnly date, DateOnly today) => $"source dated {Corpus.DateText.Format(date)}, {Describe(date, today)}";

    private static string Word(int n) => n < Numbers.Length ? Numbers[n] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
