using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Two sources that give different accounts of the same event: one reports it done ("signed
/// today") and the other still pending ("concluded, pending signature"), or both report it and
/// give different dates. The answer states the <see cref="Newer"/> account — by document date,
/// then by the more precise date, then by the line that says more — and cites both, noting that
/// the older source said otherwise.
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
    public static Disagreement? Find(Evidence best, IReadOnlyList<Evidence> evidence, bool asksWhen)
    {
        EventStatus? bestStatus = null;
        IReadOnlySet<int>? bestOrdinals = null;
        foreach (var other in evidence.Take(Compared))
        {
            if (other.Document.Id == best.Document.Id || other.Confidence < Strength * best.Confidence || !other.InLine.SetEquals(best.InLine))
            {
                continue;
            }
            bestOrdinals ??= Ordinals.In(best.Text);
            if (!Ordinals.In(other.Text).SetEquals(bestOrdinals))
            {
                continue;
            }
            bestStatus ??= StatusOf(best.Text);
            var otherStatus = StatusOf(other.Text);
            DisagreementKind? kind = (bestStatus, otherStatus) switch
            {
                (EventStatus.Pending, EventStatus.Done) or (EventStatus.Done, EventStatus.Pending) => DisagreementKind.Status,
                (EventStatus.Done, EventStatus.Done) when asksWhen && DatesDiffer(best, other) => DisagreementKind.Date,
                _ => null,
            };
            if (kind is { } found)
            {
                return IsNewer(other, best) ? new Disagreement(other, best, found) : new Disagreement(best, other, found);
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

    /// <summary>The newer account: the later document, then the more precise date, then the line that says more.</summary>
    private static bool IsNewer(Evidence a, Evidence b)
    {
        var (da, db) = (a.Document.Date ?? DateOnly.MinValue, b.Document.Date ?? DateOnly.MinValue);
        if (da != db)
        {
            return da > db;
        }
        var (pa, pb) = (Precision(a), Precision(b));
        return pa != pb ? pa > pb : a.Text.Length > b.Text.Length;
    }

    private static int Precision(Evidence e) => EventDates.In(e.Text, e.Document.Date).Select(d => (int)d.Precision + 1).DefaultIfEmpty(0).Max();
}
