using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Questions for the holder of a named office ("who is the minister for trade and industry?",
/// "who's the commissioner of competition"). Naming a minister is not naming that minister: the
/// line that answers must state what the office is for, not only that someone is a minister.
/// </summary>
internal static partial class Roles
{
    [GeneratedRegex(@"(?i)\b(?:minister|ministers|commissioner|secretary|ambassador|envoy|director|head|chair|chairman|chairwoman|chairperson|president|spokesperson|spokesman|spokeswoman|governor|mayor|minister of state|vice[- ]minister|deputy minister)\s+(?:for|of|to)\s+(?<office>[^?.!,;]+)")]
    private static partial Regex Office();

    // "who signed", "who has co-chaired", "누가 서명했나요", "서명한 사람은".
    [GeneratedRegex(@"(?i)\bwho\s+(?:has\s+|have\s+|had\s+|will\s+|did\s+)?(?<act>[a-z][a-z\-]+)|누가\s+(?<act>[\p{IsHangulSyllables}]+)|(?<act>[\p{IsHangulSyllables}]+?)(?:한|했던|하신)\s+(?:사람|인물|이)")]
    private static partial Regex Act();

    /// <summary>
    /// The concepts of the act a "who did it" question asks about ("who signed …": signed), when
    /// the act is a glossary or synonym group; the line that names the person must state the act,
    /// or a line naming someone who only presented the deal would answer who signed it.
    /// </summary>
    public static IReadOnlyList<int> ActConcepts(string question, IReadOnlyList<Concept> concepts)
    {
        var m = Act().Match(question);
        if (!m.Success)
        {
            return [];
        }
        var act = m.Groups["act"].Value;
        var stem = KoreanWords.Stem(act);
        var result = new List<int>();
        for (var k = 0; k < concepts.Count; k++)
        {
            var concept = concepts[k];
            var grouped = concept.Forms.Count > 1 || concept.HangulForms.Count > 1;
            if (grouped && (concept.Label.Equals(act, StringComparison.OrdinalIgnoreCase) || concept.Label == stem))
            {
                result.Add(k);
            }
        }
        return result;
    }

    /// <summary>What the named office is for ("artificial intelligence and digital innovation"), or null.</summary>
    public static string? OfficeIn(string question) =>
        Office().Match(question) is { Success: true } m ? m.Groups["office"].Value.Trim() : null;

    /// <summary>
    /// The concepts (indexes into <paramref name="concepts"/>) that spell out the office the
    /// question names; empty when it names none.
    /// </summary>
    public static IReadOnlyList<int> OfficeConcepts(string question, IReadOnlyList<Concept> concepts)
    {
        if (OfficeIn(question) is not { Length: > 0 } office)
        {
            return [];
        }
        var result = new List<int>();
        for (var k = 0; k < concepts.Count; k++)
        {
            if (concepts[k].Label.Length > 0 && Regex.IsMatch(office, $@"(?i)(?<!\w){Regex.Escape(concepts[k].Label)}(?!\w)"))
            {
                result.Add(k);
            }
        }
        return result;
    }
}
