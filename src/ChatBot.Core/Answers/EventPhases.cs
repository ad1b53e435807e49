using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// The stages in the life of an agreement, a negotiation, a programme or a call, which sources
/// report with their own dates: it starts (talks open, a call opens, a partnership is launched),
/// it is concluded (talks end, a call closes), it is signed, it enters into force. A line that
/// dates one stage does not date another: "negotiations concluded on 10 March" says nothing of
/// when they started. 체결 is said of both signing and concluding, so it states either.
/// </summary>
internal static partial class EventPhases
{
    [GeneratedRegex(@"(?i)\b(?:start(?:s|ed|ing)?|beg[iau]n(?:s|ning)?|launch(?:es|ed|ing)?|open(?:s|ed|ing)?|kick(?:s|ed)?\s+off|commenc\w*|initiat\w*|inaugurat\w*)\b|시작|개시|착수|출범|발족|처음|개막")]
    private static partial Regex Start();

    [GeneratedRegex(@"(?i)\b(?:conclu\w*|wrap(?:s|ped)?\s+up|finali[sz]\w*|struck|reach(?:es|ed)?\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,3}(?:agreement|deal)|clos(?:e|es|ed|ing)|deadline|end(?:s|ed)?|complet(?:e|es|ed|ion))\b|타결|끝내|끝났|마무리|종료|마감|최종\s?합의|합의에\s?이르|체결")]
    private static partial Regex Conclusion();

    [GeneratedRegex(@"(?i)\b(?:sign(?:s|ed|ing)?|signature|ink(?:s|ed)?)\b|서명|조인|체결")]
    private static partial Regex Signing();

    [GeneratedRegex(@"(?i)\b(?:(?:enter(?:s|ed)?|entry|came|come(?:s)?|coming)\s+into\s+force|in\s+force|tak(?:e|es|en|ing)\s+effect|took\s+effect|effective|appl(?:y|ies|ied)\s+(?:since|from|as\s+of))\b|발효|시행")]
    private static partial Regex InForce();

    // A question says "when does it apply?" without the "since" a line would give.
    [GeneratedRegex(@"(?i)\bappl(?:y|ies|ied)\b(?!\s+(?:to|for)\b)")]
    private static partial Regex AskedApply();

    /// <summary>
    /// The one stage a question asks about ("when did the talks start?": <see cref="EventPhase.Start"/>);
    /// null when it names none, or more than one.
    /// </summary>
    public static EventPhase? AskedIn(string question)
    {
        // "처음 열린 협의회" is the first council, not the start of something: only lines read 처음 as a start.
        var phases = In(question.Replace("처음", "", StringComparison.Ordinal));
        if (AskedApply().IsMatch(question))
        {
            phases.Add(EventPhase.InForce);
        }
        // 체결 alone names two stages: the question does not say which.
        return phases.Count == 1 ? phases.First() : null;
    }

    /// <summary>Every stage the text states.</summary>
    public static HashSet<EventPhase> In(string text)
    {
        var phases = new HashSet<EventPhase>();
        foreach (var phase in All)
        {
            if (PatternOf(phase).IsMatch(text))
            {
                phases.Add(phase);
            }
        }
        return phases;
    }

    public static bool States(EventPhase phase, string text) => PatternOf(phase).IsMatch(text);

    // "steps towards signing", "is expected to be signed", "will conclude", "plans to launch": the stage still to come.
    [GeneratedRegex(@"(?i)\b(?:to|towards?|will|would|shall|before|ahead\s+of|pending)\s+(?:be\s+|have\s+been\s+)?$")]
    private static partial Regex ToComeBefore();

    /// <summary>
    /// The text states the stage as something that happened, not only as something still to come
    /// ("finish the steps towards signing", "expected to be signed"): a past "when was it signed?"
    /// is not answered by the date of an intention ("before the end of this year").
    /// </summary>
    public static bool StatesDone(EventPhase phase, string text)
    {
        foreach (Match m in PatternOf(phase).Matches(text))
        {
            if (!ToComeBefore().IsMatch(text[..m.Index]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where in the text the stage is stated (the start of each mention).</summary>
    public static IEnumerable<int> Positions(EventPhase phase, string text) => PatternOf(phase).Matches(text).Select(m => m.Index);

    private static readonly EventPhase[] All = [EventPhase.Start, EventPhase.Conclusion, EventPhase.Signing, EventPhase.InForce];

    private static Regex PatternOf(EventPhase phase) => phase switch
    {
        EventPhase.Start => Start(),
        EventPhase.Conclusion => Conclusion(),
        EventPhase.Signing => Signing(),
        _ => InForce(),
    };
}
