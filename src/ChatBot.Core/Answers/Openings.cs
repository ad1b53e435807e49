namespace ChatBot.Core.Answers;

/// <summary>
/// The first words of a reply: the direct answer — the date, place, amount, name, or yes/no —
/// taken verbatim from the cited lines, so every number and date in it stands in a quote. In the
/// question's language where the evidence allows (fixed words are English or Korean); empty when
/// the line itself is the answer.
/// </summary>
internal static class Openings
{
    // Timeline kinds as AnswerEngine numbers them: 0 announced, 1 none announced, 2 plan passed, 3 latest.
    public static string For(QuestionProfile profile, IReadOnlyList<Evidence> selected, int? timeline, string? noun, Func<string, bool> common)
    {
        var best = selected[0];
        var korean = profile.Korean;
        var date = EventDates.In(best.Text, best.Document.Date).FirstOrDefault()?.Text;
        switch (timeline)
        {
            case 1:
                var what = noun is null ? "next one" : $"next {noun}";
                var which = Ordinals.Span(best.Text);
                var where = Cues.Places(best.Text).FirstOrDefault(p => !p.Equals(date, StringComparison.Ordinal));
                if (korean)
                {
                    return $"다음 일정은 문서에 나와 있지 않습니다. 가장 최근{(which is null ? "" : $" {which}")}{(date is null ? "" : $" ({date})")} [1]";
                }
                var held = date is null ? "is this" : $"was held {At(date)}{(where is null ? "" : $" {Lower(where)}")}";
                return $"No date for the {what} appears in the documents; the most recent{(which is null ? "" : $", the {which},")} {held} [1]";
            case 2:
                return date is null ? "" : korean ? $"예정: {date} [1]" : $"It was planned for {date} [1]";
            case 3 when profile.Kinds.Count == 0:
                return date is null ? "" : korean ? $"가장 최근: {date} [1]" : $"The most recent was {At(date)} [1]";
        }

        var parts = new List<string>();
        foreach (var kind in profile.Kinds.OrderBy(Order))
        {
            var part = kind switch
            {
                QuestionKind.Where => First(selected, e => Cues.Places(e.Text).FirstOrDefault(p => !Cues.Asked(profile, p))),
                QuestionKind.When => First(selected, e => EventDates.In(e.Text, e.Document.Date).FirstOrDefault(d => !Cues.Asked(profile, d.Text))?.Text),
                QuestionKind.Who => First(selected, e => Cues.People(e.Text, common) is { Count: > 0 } people ? string.Join(korean ? ", " : " and ", people.Take(2)) : null),
                QuestionKind.HowMuch => First(selected, e => Cues.Amounts(e.Text, e.Document.Date) is { Count: > 0 } amounts ? string.Join(", ", amounts.Take(3)) : null),
                _ => null,
            };
            if (part is not null && !parts.Contains(part))
            {
                parts.Add(part);
            }
        }
        if (parts.Count == 0 && profile.YesNo && best.Coverage >= 0.6)
        {
            var negative = Cues.IsNegative(best.Text);
            parts.Add(korean ? (negative ? "아니요" : "네") : (negative ? "No" : "Yes"));
        }
        if (parts.Count == 0)
        {
            return "";
        }
        var opening = string.Join(", ", parts);
        return char.ToUpperInvariant(opening[0]) + opening[1..] + " [1]";
    }

    private static int Order(QuestionKind kind) => kind switch
    {
        QuestionKind.Who => 0,
        QuestionKind.HowMuch => 1,
        QuestionKind.When => 2,
        QuestionKind.Where => 3,
        _ => 4,
    };

    private static string? First(IReadOnlyList<Evidence> selected, Func<Evidence, string?> extract) =>
        selected.Select(extract).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string Lower(string phrase) =>
        phrase.StartsWith("In ", StringComparison.Ordinal) || phrase.StartsWith("At ", StringComparison.Ordinal) ? char.ToLowerInvariant(phrase[0]) + phrase[1..] : phrase;

    /// <summary>"on 28 November 2025", "in March 2024", "early 2024": the date as a phrase.</summary>
    private static string At(string date)
    {
        var first = date.Split(' ')[0];
        if (first.Length > 0 && (char.IsDigit(first[0]) && date.Any(char.IsLetter) || first is "January" or "February" or "March" or "April" or "May" or "June" or "July" or "August" or "September" or "October" or "November" or "December" && date.Split(' ').Length > 2))
        {
            return "on " + date;
        }
        return first.ToLowerInvariant() is "on" or "in" or "at" or "from" ? date : "in " + date;
    }
}
