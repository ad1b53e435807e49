namespace ChatBot.Core.Answers;

/// <summary>
/// The first words of a reply: the direct answer — the date, place, amount, name, or yes/no —
/// taken verbatim from the cited lines, so every number and date in it stands in a quote. In the
/// question's language where the evidence allows: a Korean question gets its opening from
/// Korean templates over the same facts (<see cref="KoreanPhrases"/>); empty when the line itself
/// is the answer.
/// </summary>
internal static partial class Openings
{
    // What narrows a count to a part of the things counted: "14 articles to promoting …", "3 projects on batteries".
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:to|for|on|about|devoted|dedicated|covering|concerning)\b")]
    private static partial System.Text.RegularExpressions.Regex PartAfter();

    // "How many articles on promotion …": the question asks for the part itself.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\bhow\s+many\s+(?:[\p{L}\-]+\s+){1,2}(?:to|for|on|about|devoted|dedicated|covering|concerning)\b")]
    private static partial System.Text.RegularExpressions.Regex PartAsked();

    // Timeline kinds as AnswerEngine numbers them: 0 announced, 1 none announced, 2 plan passed, 3 latest.
    public static string For(QuestionProfile profile, IReadOnlyList<Evidence> selected, int? timeline, string? noun, Func<string, bool> common, KoreanNames? names = null)
    {
        if (profile.Korean)
        {
            return ForKorean(profile, selected, timeline, common, names ?? KoreanNames.Empty);
        }
        var best = selected[0];
        var date = EventDates.In(best.Text, best.Document.Date).FirstOrDefault()?.Text;
        switch (timeline)
        {
            case 1:
                var what = noun is null ? "next one" : $"next {noun}";
                var which = Ordinals.Span(best.Text);
                var where = Cues.Places(best.Text).FirstOrDefault(p => !p.Equals(date, StringComparison.Ordinal));
                var held = date is null ? "is this" : $"was held {At(date)}{(where is null ? "" : $" {Lower(where)}")}";
                return $"No date for the {what} appears in the documents; the most recent{(which is null ? "" : $", the {which},")} {held} [1]";
            case 2:
                return date is null ? "" : $"It was planned for {date} [1]";
            // "Is Korea part of Horizon Europe now?" asks yes or no, not when the latest event was.
            case 3 when profile.Kinds.Count == 0 && !profile.YesNo:
                return date is null ? "" : $"The most recent was {At(date)} [1]";
        }

        var parts = new List<string>();
        foreach (var kind in profile.Kinds.OrderBy(Order))
        {
            var part = kind switch
            {
                QuestionKind.Where => First(selected, e => Cues.Places(e.Facts).FirstOrDefault(p => !Cues.Asked(profile, p))),
                QuestionKind.When => First(selected, e => DateOf(profile, e)?.Text),
                QuestionKind.Who => First(selected, e => Cues.PeopleFor(profile, e.Facts, common) is { Count: > 0 } people ? string.Join(" and ", people.Take(2)) : null),
                QuestionKind.HowMuch => First(selected, e => Count(profile, e, whole: true)) ?? First(selected, e => Count(profile, e) ?? (profile.AsksCount ? null : Cues.Amounts(e.Facts, e.Document.Date) is { Count: > 0 } amounts ? string.Join(", ", amounts.Take(3)) : null)),
                QuestionKind.Frequency => First(selected, e => Cues.FrequencyIn(e.Facts)),
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
            parts.Add(negative ? "No" : "Yes");
        }
        if (parts.Count == 0)
        {
            return "";
        }
        var opening = string.Join(", ", parts);
        return char.ToUpperInvariant(opening[0]) + opening[1..] + " [1]";
    }

    /// <summary>
    /// The opening of a Korean question, from templates over the facts the English opening would
    /// take: "2023년 6월 30일 서울에서 열렸습니다 [1]", "네, 서명되었습니다 [1]", "1,200만 유로 [1]":
    /// places the glossary names in Korean, amounts in 만/억 units, people as the line writes
    /// them. Empty when the evidence has none of the facts asked for.
    /// </summary>
    private static string ForKorean(QuestionProfile profile, IReadOnlyList<Evidence> selected, int? timeline, Func<string, bool> common, KoreanNames names)
    {
        var best = selected[0];
        var span = EventDates.In(best.Text, best.Document.Date).FirstOrDefault();
        var date = span is null ? null : KoreanPhrases.Date(span);
        var planned = SentenceCues.IsPlanned(best.Text);
        var predicate = KoreanPhrases.Predicate(best.Text, planned);
        var place = PlaceIn(best.Text, p => span is null || !p.Contains(span.Text, StringComparison.Ordinal), names);
        switch (timeline)
        {
            case 1:
                var noun = KoreanNoun(profile);
                var which = best.Ordinals is { Count: 1 } ordinals ? $"제{ordinals.First()}차 " : "";
                var none = noun is null ? "다음 일정은 문서에 나와 있지 않습니다." : $"다음 {noun} 일정은 문서에 나와 있지 않습니다.";
                var subject = noun is null ? $"가장 최근{(which.Length > 0 ? $"인 {which.TrimEnd()}" : "")}" : $"가장 최근인 {which}{noun}";
                return $"{none} {subject}{KoreanPhrases.Topic(subject)} {Event(date, place, predicate ?? "있었습니다")} [1]";
            case 2:
                return date is null ? "" : $"{date}{KoreanPhrases.Toward(date)} 예정되어 있었습니다 [1]";
            case 3 when profile.Kinds.Count == 0 && !profile.YesNo:
                return date is null ? "" : $"가장 최근은 {Event(date, place, predicate ?? "있었습니다")} [1]";
        }

        var kinds = profile.Kinds;
        if (kinds.Count > 0 && kinds.All(k => k is QuestionKind.When or QuestionKind.Where))
        {
            // "언제 어디서": one short sentence, "2025년 11월 28일 서울에서 열렸습니다".
            var when = kinds.Contains(QuestionKind.When)
                ? First(selected, e => DateOf(profile, e) is { } d ? KoreanPhrases.Date(d) : null)
                : null;
            var where = kinds.Contains(QuestionKind.Where)
                ? First(selected, e => PlaceIn(e.Facts, p => !Cues.Asked(profile, p), names))
                : null;
            if (when is null && where is null)
            {
                return "";
            }
            return predicate is null
                ? string.Join(", ", new[] { when, where }.Where(v => v is not null)) + " [1]"
                : Event(when, where, predicate) + " [1]";
        }

        var parts = new List<string>();
        foreach (var kind in kinds.OrderBy(Order))
        {
            var part = kind switch
            {
                QuestionKind.Where => First(selected, e => PlaceIn(e.Facts, p => !Cues.Asked(profile, p), names)),
                QuestionKind.When => First(selected, e => DateOf(profile, e) is { } d ? KoreanPhrases.Date(d) : null),
                QuestionKind.Who => First(selected, e => Cues.PeopleFor(profile, e.Facts, common) is { Count: > 0 } people ? string.Join(", ", people.Take(2)) : null),
                QuestionKind.HowMuch => First(selected, e => KoreanCount(profile, e, whole: true)) ?? First(selected, e => KoreanCount(profile, e) ?? (profile.AsksCount ? null : Cues.Amounts(e.Facts, e.Document.Date) is { Count: > 0 } amounts ? string.Join(", ", amounts.Select(KoreanNumbers.ToKorean).Distinct().Take(3)) : null)),
                QuestionKind.Frequency => First(selected, e => Cues.FrequencyIn(e.Facts)),
                _ => null,
            };
            if (part is not null && !parts.Contains(part))
            {
                parts.Add(part);
            }
        }
        if (parts.Count == 0 && profile.YesNo && best.Coverage >= 0.6)
        {
            return Cues.IsNegative(best.Text) ? "아니요 [1]" : predicate is null || planned ? "네 [1]" : $"네, {predicate} [1]";
        }
        return parts.Count == 0 ? "" : string.Join(", ", parts) + " [1]";
    }

    /// <summary>
    /// The date the line gives the event asked about: of the dates the question does not state
    /// already, the one nearest to where the line states the stage asked for ("announced on
    /// January 6; it has applied since January 1, 2025": January 1 for "since when does it
    /// apply?"), else the most precise.
    /// </summary>
    internal static DateSpan? DateOf(QuestionProfile profile, Evidence e)
    {
        var dates = EventDates.In(e.Facts, e.Document.Date).Where(d => !Cues.Asked(profile, d.Text)).ToList();
        if (dates.Count <= 1 || profile.AskedEvent is not { } phase)
        {
            return dates.FirstOrDefault();
        }
        var at = EventPhases.Positions(phase, e.Facts).ToList();
        return at.Count == 0 ? dates[0] : dates.OrderBy(d => at.Min(p => Math.Abs(p - d.Index))).First();
    }

    /// <summary>
    /// For "how many": the count of the thing asked about as the line writes it — of several, the
    /// one whose words share most with the question ("11 research institutes" for "how many
    /// research institutes", not "14 institutes"); null for other questions.
    /// </summary>
    /// <param name="whole">Only a count of the whole: "14 articles to promoting the AI industry" counts a part of
    /// the Act's articles, "43 articles in 6 chapters" all of them. Null when the question itself asks for a part.</param>
    internal static string? Count(QuestionProfile profile, Evidence e, bool whole = false)
    {
        if (!profile.AsksCount || whole && PartAsked().IsMatch(profile.Question))
        {
            return null;
        }
        var counts = profile.Counted is { } counted ? Cues.CountsOf(counted, e.Facts, e.Document.Date) : Cues.Counts(e.Facts, e.Document.Date);
        if (whole)
        {
            counts = counts.Where(c => e.Facts.IndexOf(c, StringComparison.Ordinal) is var at && at >= 0 && !PartAfter().IsMatch(e.Facts[(at + c.Length)..])).ToList();
        }
        return counts.Count == 0 ? null : counts.OrderByDescending(c => profile.Concepts.Count(k => Cues.CountsOf(k, c, null).Count > 0 && !Corpus.TextNormalizer.HasHangul(c))).First();
    }

    /// <summary>A count for a Korean opening: an English one said the Korean way ("Four jointly funded projects" → "4개"), a Korean one as written.</summary>
    private static string? KoreanCount(QuestionProfile profile, Evidence e, bool whole = false) =>
        Count(profile, e, whole) is not { } count ? null
        : Corpus.TextNormalizer.HasHangul(count) ? count
        : KoreanNumbers.CountOf(count) is { } n ? $"{n:#,0}{KoreanWords.CounterIn(profile.Question)}"
        : count;

    /// <summary>The line's place in Korean: a place the glossary knows before a capitalised phrase that only looks like one.</summary>
    private static string? PlaceIn(string line, Func<string, bool> keep, KoreanNames names)
    {
        var places = Cues.Places(line).Where(keep).ToList();
        var place = places.FirstOrDefault(names.Knows) ?? places.FirstOrDefault();
        return place is null ? null : names.Place(place);
    }

    /// <summary>"2025년 11월 28일 서울에서 열렸습니다": date, place and predicate, whichever are known.</summary>
    private static string Event(string? date, string? place, string predicate) =>
        string.Join(" ", new[] { date is null ? null : date + "에", place is null ? null : place + "에서", predicate }.Where(v => v is not null));

    /// <summary>What a Korean question calls the event it asks about ("협의회"), for "다음 … 일정".</summary>
    private static string? KoreanNoun(QuestionProfile profile) =>
        profile.Concepts.Where(c => c.Main && Corpus.TextNormalizer.HasHangul(c.Label) && !c.Label.Any(char.IsDigit)).Select(c => c.Label).LastOrDefault();

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
