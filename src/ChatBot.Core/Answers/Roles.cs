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

    // "who signed …", "who co-chaired …": the act an English question asks who did.
    [GeneratedRegex(@"(?i)\bwho\s+(?:has\s+|have\s+|had\s+|will\s+|did\s+)?(?<act>[a-z][a-z\-]+)")]
    private static partial Regex EnglishAct();

    // An "-ing" form names a thing or an intention after an article, a possessive or a preposition ("a signing
    // ceremony", "steps towards signing"), or before the event it names; elsewhere someone does it ("Presenting the
    // agreement, Šefčovič …", "Co-chairing were X and Y").
    [GeneratedRegex(@"(?i)\b(?:a|an|the|its|their|his|her|of|for|to|towards?|before|after|at|upon|on|in|by|without|about|pending)\s+$")]
    private static partial Regex NounBefore();

    [GeneratedRegex(@"(?i)^\s+(?:ceremony|ceremonies|event|process|date|day|round|session)\b")]
    private static partial Regex EventAfter();

    // "is expected to be signed", "will sign": an act still to come has no one who did it.
    [GeneratedRegex(@"(?i)\b(?:to|will|would|shall|could|may|might)\s+(?:be\s+|have\s+been\s+)?$")]
    private static partial Regex ToComeBefore();

    private static readonly HashSet<string> NotActs = new(StringComparer.OrdinalIgnoreCase) { "is", "was", "are", "were", "be", "the", "a", "an", "will", "would", "can", "could", "should" };

    // "과학기술정보통신부 주최로", "집행위원회가 발표한": a body (ministry, office, agency, commission, centre) before the act.
    [GeneratedRegex(@"[\p{IsHangulSyllables}]{1,12}(?:부|처|청|원|위원회|집행위|센터|연구소|기관|협회|공단)(?:가|이|는|은|에서|와|과)?\s?(?<act>[\p{IsHangulSyllables}]{2,})")]
    private static partial Regex KoreanBodyDoes();

    /// <summary>
    /// A Korean "누가 … 했어?" is answered by a body doing the act as well as by a person: "과학기술정보통신부
    /// 주최로 … 열렸다" says who hosted the council.
    /// </summary>
    public static bool BodyDoesAct(string question, string line)
    {
        var m = Act().Match(question);
        if (!m.Success || !Corpus.TextNormalizer.HasHangul(m.Groups["act"].Value))
        {
            return false;
        }
        var act = KoreanWords.Stem(m.Groups["act"].Value);
        return act.Length >= 2 && KoreanBodyDoes().Matches(line).Any(b => b.Groups["act"].Value.StartsWith(act, StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether the line states the act a "who did it" question asks about as something someone
    /// did ("X and Y signed the agreement"), not only as a thing or an intention ("a signing
    /// ceremony was held", "steps towards signing") or as still to come ("is expected to be
    /// signed"): a line that names the ceremony names its hosts, not the signatories. True when the question asks no English act or the line words
    /// the act otherwise (a synonym, Korean), which other rules judge.
    /// </summary>
    public static bool StatesActDone(string question, string line)
    {
        if (EnglishAct().Match(question) is not { Success: true } m || NotActs.Contains(m.Groups["act"].Value))
        {
            return true;
        }
        var act = m.Groups["act"].Value.ToLowerInvariant();
        var stem = act.EndsWith("ed", StringComparison.Ordinal) && act.Length > 4 ? act[..^2]
            : act.EndsWith('s') && !act.EndsWith("ss", StringComparison.Ordinal) ? act[..^1]
            : act;
        if (stem.Length < 4)
        {
            return true;
        }
        var forms = Regex.Matches(line, $@"(?i)(?<![\p{{L}}\-]){Regex.Escape(stem)}\p{{L}}*");
        if (forms.Count == 0)
        {
            return true;
        }
        foreach (Match form in forms)
        {
            var suffix = form.Value[stem.Length..].ToLowerInvariant();
            if (suffix is "" or "e" or "s" or "es" or "ed" or "d" && !ToComeBefore().IsMatch(line[..form.Index]))
            {
                return true;
            }
            if (suffix == "ing" && !NounBefore().IsMatch(line[..form.Index]) && !EventAfter().IsMatch(line[(form.Index + form.Length)..]))
            {
                return true;
            }
        }
        return false;
    }

    // "who was the EU delegation councilor that spoke …", "who's the executive director of chips JU?": the role asked for ends before the clause that narrows it.
    // A possessive names whose role it is ("who is korea's ambassador to the eu?", "the eu's ambassador"), as "the" does.
    [GeneratedRegex(@"(?i)\bwho\s+(?:is|was|were|are|will\s+be)\s+(?:(?:the\s+)?[\p{L}\-]+['’]s|the|a|an|its|their)\s+(?<role>(?:[\p{L}\-]+\s+){0,4}?[\p{L}\-]+?)(?=\s+(?:that|who|which|at|in|of|for|from|on|to|with|when|during|behind|representing|speaking)\b|\s*[?.!,]|\s*$)")]
    private static partial Regex AskedRolePhrase();

    /// <summary>The role a "who is the …" question asks the holder of ("EU delegation councilor"), or null.</summary>
    public static string? AskedRole(string question) =>
        AskedRolePhrase().Match(question) is { Success: true } m && m.Groups["role"].Value.Trim() is var role
            && !NoRole.Contains(role.Split(' ')[^1])
            ? role
            : null;

    // "Who was the person that …" names no role a line could state.
    private static readonly HashSet<string> NoRole = new(StringComparer.OrdinalIgnoreCase) { "person", "people", "one", "ones", "guy", "man", "woman", "individual", "name", "best", "first", "last", "main" };

    [GeneratedRegex(@"(?i)\b(?:a|an|one|another|some)\s+(?:[\p{L}\-]+\s+){0,2}$")]
    private static partial Regex IndefiniteBefore();

    /// <summary>
    /// Where the line names the role: the longest tail of the role's words it has ("executive
    /// director" before "director", so the chips JU's director is not CONNECT's).
    /// </summary>
    public static IReadOnlyList<Match> Mentions(string role, string line)
    {
        var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var skip = 0; skip < words.Length; skip++)
        {
            var phrase = string.Join(@"\s+", words.Skip(skip).Select(Regex.Escape));
            var found = Regex.Matches(line, $@"(?i)(?<![\p{{L}}\-]){phrase}(?:s|es)?(?![\p{{L}}])");
            if (found.Count > 0)
            {
                return found;
            }
        }
        return [];
    }

    /// <summary>
    /// The line speaks of the role as someone it can name: it mentions the role, and not only as
    /// someone unnamed ("a councilor of the EU delegation", "an official"). Whoever else a line
    /// names does not hold the role asked about.
    /// </summary>
    public static bool NamesHolder(string role, string line) =>
        Mentions(role, line).Any(m => !IndefiniteBefore().IsMatch(line[Math.Max(0, m.Index - 40)..m.Index]));

    /// <summary>
    /// Of the people a line names, the one standing next to the role asked about ("Chips JU's
    /// Executive Director, Mr. Jari Kinaret"); all of them when none stands within a few words of it.
    /// </summary>
    public static IReadOnlyList<string> Holders(string role, string line, IReadOnlyList<string> people)
    {
        var mentions = Mentions(role, line).Where(m => !IndefiniteBefore().IsMatch(line[Math.Max(0, m.Index - 40)..m.Index])).ToList();
        if (mentions.Count == 0 || people.Count < 2)
        {
            return people;
        }
        int Distance(string person)
        {
            var at = line.IndexOf(person, StringComparison.Ordinal);
            return at < 0 ? int.MaxValue : mentions.Min(m => at >= m.Index + m.Length ? at - (m.Index + m.Length) : Math.Max(0, m.Index - (at + person.Length)));
        }
        var nearest = people.Select(p => (Person: p, Distance: Distance(p))).Where(p => p.Distance <= MaxRoleDistance).OrderBy(p => p.Distance).ToList();
        return nearest.Count == 0 ? people : [nearest[0].Person];
    }

    // "Director-General of the European Commission's Directorate-General for Connect, Lucilla Cioli": a role's holder stands within a few words of it.
    private const int MaxRoleDistance = 12;

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
