using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Two sources that give different accounts of the same event: one reports it done ("signed
/// today") and the other still pending ("concluded, pending signature"), or both report it and
/// give different dates, amounts, places or people — each compared only when the question asks
/// for it. The answer states the <see cref="Newer"/> account — by document date, then by the
/// more specific line (the more precise date or amount, the fuller place, more names) — and
/// cites both, saying plainly what the older source gave instead.
/// </summary>
internal sealed partial record Disagreement(Evidence Newer, Evidence Older, DisagreementKind Kind)
{
    // Lines compared with the best one: only the strongest evidence, so a question costs a few regex runs.
    private const int Compared = 12;
    private const double Strength = 0.8;

    [GeneratedRegex(@"(?i)\b(?:pending|awaiting|yet to|not yet|still to be|remains? to be|has not been|have not been|hasn't been|haven't been)\b|아직|앞두고|되지 않았|하지 않았")]
    private static partial Regex PendingCue();

    [GeneratedRegex(@"\d{1,2}\s*[-–~]\s*\d{1,2}")]
    private static partial Regex DayRange();

    /// <summary>The line's account of its event: still pending, reported done, or neither.</summary>
    internal static EventStatus StatusOf(string line) =>
        PendingCue().IsMatch(line) ? EventStatus.Pending
        : SentenceCues.IsHappened(line) || SentenceCues.IsKoreanHappened(line) ? EventStatus.Done
        : EventStatus.Unstated;

    /// <summary>
    /// The first strong line from another document that tells the same event as
    /// <paramref name="best"/> (the same concepts of the question in the line, the same one of a
    /// series) differently; null when the sources agree. Dates are compared only when the
    /// question asks when.
    /// </summary>
    public static Disagreement? Find(Evidence best, IReadOnlyList<Evidence> evidence, bool asksWhen) =>
        Find(best, evidence, asksWhen ? new HashSet<QuestionKind> { QuestionKind.When } : new HashSet<QuestionKind>());

    /// <param name="kinds">What the question asks: dates are compared for "when", amounts for "how much", places for "where", people for "who".</param>
    /// <param name="common">Words the corpus writes in lower case, so capitalised common words are not read as names.</param>
    /// <param name="names">Korean names of places: "Seoul" and "서울" are one place.</param>
    public static Disagreement? Find(Evidence best, IReadOnlyList<Evidence> evidence, IReadOnlySet<QuestionKind> kinds, Func<string, bool>? common = null, KoreanNames? names = null)
    {
        var asksWhen = kinds.Contains(QuestionKind.When);
        EventStatus? bestStatus = null;
        IReadOnlySet<int>? bestOrdinals = null;
        foreach (var other in evidence.Take(Compared))
        {
            if (other.Document.Id == best.Document.Id || other.Confidence < Strength * best.Confidence || !other.InLine.SetEquals(best.InLine))
            {
                continue;
            }
            bestOrdinals ??= best.Ordinals;
            if (!other.Ordinals.SetEquals(bestOrdinals))
            {
                continue;
            }
            bestStatus ??= best.Status;
            var otherStatus = other.Status;
            DisagreementKind? kind = (bestStatus, otherStatus) switch
            {
                (EventStatus.Pending, EventStatus.Done) or (EventStatus.Done, EventStatus.Pending) => DisagreementKind.Status,
                (EventStatus.Done, EventStatus.Done) when asksWhen && DatesDiffer(best, other) => DisagreementKind.Date,
                (EventStatus.Pending, _) or (_, EventStatus.Pending) => null,
                _ when kinds.Contains(QuestionKind.HowMuch) && AmountsDiffer(best, other) => DisagreementKind.Amount,
                _ when kinds.Contains(QuestionKind.Where) && PlacesDiffer(best.Text, other.Text, names ?? KoreanNames.Empty) => DisagreementKind.Place,
                _ when kinds.Contains(QuestionKind.Who) && PeopleDiffer(best.Text, other.Text, common) => DisagreementKind.Names,
                _ => null,
            };
            if (kind is { } found)
            {
                return IsNewer(other, best, found) ? new Disagreement(other, best, found) : new Disagreement(best, other, found);
            }
        }
        return null;
    }

    /// <summary>
    /// Each line dates its event once, to the month or day, and the dates differ at the precision
    /// both give ("March 2024" and "26 March 2024" agree). A range ("25-26 March") is never
    /// taken to contradict a day.
    /// </summary>
    private static bool DatesDiffer(Evidence a, Evidence b)
    {
        if (OnlyDate(a) is not { } x || OnlyDate(b) is not { } y || DayRange().IsMatch(x.Text) || DayRange().IsMatch(y.Text))
        {
            return false;
        }
        var precision = (DatePrecision)Math.Min((int)x.Precision, (int)y.Precision);
        var (dx, dy) = (x.Date!.Value, y.Date!.Value);
        return precision == DatePrecision.Day ? dx != dy : dx.Year != dy.Year || dx.Month != dy.Month;
    }

    private static DateSpan? OnlyDate(Evidence e)
    {
        var dated = EventDates.In(e.Text, e.Document.Date).Where(d => d.Date is not null && d.Precision >= DatePrecision.Month).ToList();
        return dated.Count == 1 ? dated[0] : null;
    }

    /// <summary>The newer account: the later document, then the more specific line, then the line that says more.</summary>
    private static bool IsNewer(Evidence a, Evidence b, DisagreementKind kind)
    {
        var (da, db) = (a.Document.Date ?? DateOnly.MinValue, b.Document.Date ?? DateOnly.MinValue);
        if (da != db)
        {
            return da > db;
        }
        var (pa, pb) = (Specificity(a, kind), Specificity(b, kind));
        return pa != pb ? pa > pb : a.Text.Length > b.Text.Length;
    }

    /// <summary>How specific the line is about what differs: the date's precision, the amount's significant digits, the place's length, the number of people.</summary>
    private static int Specificity(Evidence e, DisagreementKind kind) => kind switch
    {
        DisagreementKind.Amount => OnlyAmount(e) is { } amount ? SignificantDigits(amount.Value) : 0,
        DisagreementKind.Place => Cues.Places(e.Text).Select(p => p.Length).DefaultIfEmpty(0).Max(),
        DisagreementKind.Names => Cues.People(e.Text).Count,
        _ => Precision(e),
    };

    private static int SignificantDigits(decimal value) =>
        value.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).Trim('0').Length;

    /// <summary>
    /// Each line gives the event one amount of money (not "each": a share is no total), in the
    /// same currency, and the amounts differ.
    /// </summary>
    private static bool AmountsDiffer(Evidence a, Evidence b) =>
        OnlyAmount(a) is { } x && OnlyAmount(b) is { } y && !x.Each && !y.Each && x.Currency == y.Currency && x.Value != y.Value;

    private static KoreanNumbers.Amount? OnlyAmount(Evidence e)
    {
        var amounts = Cues.Amounts(e.Text, e.Document.Date).Select(KoreanNumbers.ParseEnglish).Where(a => a is not null).Select(a => a!.Value)
            .Concat(KoreanNumbers.KoreanAmounts(e.Text).Where(k => k.Amount.Currency.Length > 0).Select(k => k.Amount))
            .DistinctBy(a => (a.Value, a.Currency))
            .ToList();
        return amounts.Count == 1 ? amounts[0] : null;
    }

    /// <summary>
    /// Each line names where the event was, and the places share no word, also once the glossary's
    /// Korean names are applied ("at Le Berlaymont, Brussels" and "in Brussels" agree; so do "Seoul" and "서울").
    /// </summary>
    private static bool PlacesDiffer(string a, string b, KoreanNames names)
    {
        var (pa, pb) = (Cues.Places(a), Cues.Places(b));
        if (pa.Count == 0 || pb.Count == 0)
        {
            return false;
        }
        var wa = pa.SelectMany(p => PlaceWords(p, names)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return !pb.SelectMany(p => PlaceWords(p, names)).Any(wa.Contains);
    }

    private static IEnumerable<string> PlaceWords(string place, KoreanNames names) =>
        KoreanPhrases.Place(place).Split([' ', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Concat(names.Place(place).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 2 && !w.Equals("the", StringComparison.OrdinalIgnoreCase) && !w.Equals("of", StringComparison.OrdinalIgnoreCase));

    /// <summary>Each line names people, and no name part is shared ("Anna Berger" and "Commissioner Berger" agree).</summary>
    private static bool PeopleDiffer(string a, string b, Func<string, bool>? common)
    {
        var (na, nb) = (Cues.People(a, common), Cues.People(b, common));
        if (na.Count == 0 || nb.Count == 0)
        {
            return false;
        }
        var parts = na.SelectMany(NameParts).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return !nb.SelectMany(NameParts).Any(parts.Contains);
    }

    private static IEnumerable<string> NameParts(string name) => name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 2 && char.IsLetter(p[0]));

    private static int Precision(Evidence e) => EventDates.In(e.Text, e.Document.Date).Select(d => (int)d.Precision + 1).DefaultIfEmpty(0).Max();
}
