using System.Text.RegularExpressions;
using ChatBot.Core.Corpus;

namespace ChatBot.Core.Answers;

/// <summary>
/// Whether a line holds the kind of fact asked for, and the fact itself: the date for "when",
/// the place for "where", the person for "who", the amount or count for "how much / how many".
/// Every span returned is a verbatim part of the line.
/// </summary>
public static partial class Cues
{
    [GeneratedRegex(@"(?:€|\$|£|¥|₩)\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m)\b)?(?:\s+each\b)?|\b\d[\d,.]*\s?(?:million|billion|trillion)\s+(?:euros?|won|dollars?|EUR|USD|KRW)(?:\s+each\b)?|\b(?:EUR|USD|KRW)\s?\d[\d,.]*(?:\s?(?:million|billion))?|\b\d[\d,.]*\s?%|\b\d[\d,.]*\s?(?:million|billion|trillion)\b(?:\s+each\b)?")]
    private static partial Regex Money();

    [GeneratedRegex(@"\b\d[\d,.]*\s+(?:(?!of\b|in\b|and\b|to\b|the\b|from\b)[a-z][a-z\-]*\s+){0,2}(?!of\b|in\b|and\b|to\b|the\b|from\b)[a-z][a-z\-]+")]
    private static partial Regex CountOfThings();

    // "14 institutes", "four joint semiconductor R&D projects": a number, then words up to the first plural noun.
    [GeneratedRegex(@"(?<![\p{L}\-\d.,])(?:\d[\d,]*|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve)\s+(?:(?!of\b|in\b|and\b|to\b|the\b|from\b)[A-Za-z][\w&\-]*\s+){0,3}?[a-z][a-z\-]*s\b")]
    private static partial Regex PluralCount();

    [GeneratedRegex(@"(?<![\p{L}\-])(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve)\s+(?:(?!of\b|in\b|and\b|to\b|the\b|from\b|years?\b|months?\b|days?\b|weeks?\b)[a-z][a-z\-]*\s+){0,2}(?!of\b|in\b|and\b|to\b|the\b|from\b|years?\b|months?\b|days?\b|weeks?\b)[a-z][a-z\-]+")]
    private static partial Regex NumberWordCount();

    [GeneratedRegex(@"\d[\d,.]*\s?(?:억|만|조|천)?\s?(?:원|유로|달러|명|개|건|차례|곳|%)")]
    private static partial Regex KoreanAmount();

    [GeneratedRegex(@"(?:\b(?:[Ii]n|[Aa]t)\s+(?:the\s+)?(?:[A-Z][\p{L}'’\-]*|\([A-Z]+\))(?:\s+(?:[A-Z][\p{L}'’\-]*|of|\([A-Z]+\)))*)")]
    private static partial Regex Place();

    private static readonly HashSet<string> Regions = new(StringComparer.OrdinalIgnoreCase)
    {
        "Europe", "Asia", "Korea", "South Korea", "Republic of Korea", "EU", "European Union", "Union", "Asia-Pacific", "Indo-Pacific",
    };

    [GeneratedRegex(@"\G\s+([a-z]+)\b")]
    private static partial Regex NextWord();

    // Words that may follow a place name ("in Seoul on 30 June", "in Brussels where", "in Seoul last year").
    private static readonly HashSet<string> FollowsPlace = new(StringComparer.Ordinal)
    {
        "on", "in", "at", "and", "or", "to", "for", "from", "with", "by", "where", "which", "who", "that", "during", "as", "after", "before",
        "since", "until", "when", "while", "last", "this", "next", "early", "late", "later", "earlier", "is", "was", "were", "are", "will",
        "has", "had", "have", "under", "over", "between", "among", "of", "but", "the", "a", "an", "its", "their", "his", "her", "into", "through",
        "today", "yesterday", "tomorrow", "back", "again", "together", "alongside", "via", "near", "against", "about", "following", "amid",
    };

    [GeneratedRegex(@"[\p{IsHangulSyllables}]{2,}(?:\s[\p{IsHangulSyllables}A-Za-z]{2,})?에서")]
    private static partial Regex KoreanPlace();

    [GeneratedRegex(@"^[Ii]n\s+\p{Lu}{2,6}$")]
    private static partial Regex AcronymOnly();

    // Occasions, bodies and fields: a workshop, meeting, council, forum, talks, ceremony (개소식, 서명식), committee, group;
    // a field, area or activity ("국제 표준화에서", "반도체 분야에서", "이 자리에서") is where something is done, not a place.
    [GeneratedRegex(@"(?:워크숍|회의|협의회|포럼|세미나|회담|행사|식|협상|총회|간담회|설명회|공청회|심포지엄|컨퍼런스|콘퍼런스|위원회|그룹|분야|부문|영역|과정|측면|차원|표준화|연구|논의|협력|가운데|상황|자리)$")]
    private static partial Regex KoreanOccasion();

    // A part may end in a lower-case syllable after a hyphen, as romanised Korean given names do ("Chang-yoon").
    [GeneratedRegex(@"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?\p{Lu}\p{Ll}+(?:-\p{Ll}+)?(?:[\s\-]\p{Lu}\p{Ll}+(?:-\p{Ll}+)?){1,3}")]
    private static partial Regex Name();

    [GeneratedRegex(@"\s+|-(?=[A-Z])")]
    private static partial Regex NameParts();

    // The name before the title must not be the body or the country the title belongs to ("유럽연합 집행위원", "양국 부총리"),
    // nor a word that only describes the office: a field or body ending in 장/부/처/청/회 ("내수시장 집행위원"), or a verb's
    // modifier ending in 든/는/된/던 ("새로 만든 장관급 협의체"). A title followed by 급 is a rank ("장관급"), not a person.
    [GeneratedRegex(@"(?<![\p{IsHangulSyllables}])(?!(?:수석|공동|차석|상임|특별|유럽연합|유럽|한국|양국|양측|우리|정부|각국|미국|일본|중국|영국|독일|프랑스|캐나다|관계|담당|통상|산업|주한|주재|현직|전직|신임|초대|역대|해당|당시|집행위|집행위원회)\s?(?:부총리|장관|차관|대통령|위원장|부위원장|수석부위원장|집행위원|대사|총리|의원|청장|국장|원장|대표))[\p{IsHangulSyllables}]{2,4}(?<![든는된던장부처청회])\s?(?:부총리|장관|차관|대통령|위원장|부위원장|수석부위원장|집행위원|대사|총리|의원|청장|국장|원장|대표)(?!급)")]
    private static partial Regex KoreanPerson();

    [GeneratedRegex(@"(?i)\b(?:(?:every|each)\s+(?:other\s+|two\s+|three\s+)?(?:year|month|week|quarter|day|years|months|weeks)|once\s+(?:a|per|every)\s+\w+|twice\s+(?:a|per)\s+\w+|annual(?:ly)?|yearly|monthly|weekly|biennial(?:ly)?|quarterly|regularly)\b|매년|해마다|매달|매월|매주|격년|정기적으로|연례")]
    private static partial Regex Frequency();

    /// <summary>How often the line says something happens ("every year", "annually", "해마다"), verbatim; null when it does not say.</summary>
    public static string? FrequencyIn(string line) => Frequency().Match(line) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b(?:no|not|never|none|nor|without|yet to|n't)\b|않|없|아직|미정", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:[,;]\s*(?:\S+\s+){0,6}\S+){2,}")]
    private static partial Regex ListShape();

    // Words that make a run of capitalized words an organisation, event or place rather than a person.
    private static readonly HashSet<string> NotNameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Commission", "Council", "Ministry", "Union", "Forum", "Partnership", "Agreement", "Act", "Centre", "Center", "Institute",
        "University", "Directorate", "Department", "Office", "Republic", "Korea", "Korean", "European", "Digital", "Science", "Technology",
        "Research", "Summit", "Programme", "Program", "Horizon", "International", "National", "Joint", "Undertaking", "General", "News",
        "South", "North", "Europe", "Japan", "China", "States", "United", "Kingdom", "Chips", "Semiconductor", "Convention", "Networks",
        "Content", "Communications", "Trade", "Economic", "Security", "Internal", "Market", "Photo", "Courtesy", "Yonhap", "Bloomberg",
        "Foundation", "Association", "Government", "Parliament", "The", "This", "That", "In", "On", "At", "For", "Giving", "Proceedings",
        "Minister", "Commissioner", "President", "Vice", "Director", "Executive", "Secretary", "Ambassador", "Chair", "Mr", "Mrs", "Ms", "Dr",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "East", "West", "Asian", "Asia", "Pacific", "Atlantic", "Northern", "Southern", "Eastern", "Western", "Central", "Global", "World",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "ICT", "AI", "Basic", "Tech", "Sovereignty", "Democracy",
    };

    /// <summary>Every kind asked for has its fact in the line.</summary>
    /// <param name="dates">The line's dates when the caller has read them already (<see cref="EventDates.In"/> of the line and document date).</param>
    public static bool Meet(QuestionProfile profile, string line, DocumentInfo document, Func<string, bool>? common = null, IReadOnlyList<DateSpan>? dates = null) =>
        Meet(profile, line, document, common, dates, null);

    /// <summary>Every kind asked for has its fact in the line.</summary>
    /// <param name="analyzed">The analysed line whose text <paramref name="line"/> is, when it is one: its places and people are read once and kept with it.</param>
    internal static bool Meet(QuestionProfile profile, string line, DocumentInfo document, Func<string, bool>? common, IReadOnlyList<DateSpan>? dates, AnalyzedLine? analyzed)
    {
        if (analyzed is not null && !ReferenceEquals(analyzed.Text, line))
        {
            analyzed = null;
        }
        foreach (var kind in profile.Kinds)
        {
            var met = kind switch
            {
                // The date or place must be news to the question: "where in Brussels" is not answered by "in Brussels".
                QuestionKind.When => (dates ?? EventDates.In(line, document.Date)).Any(d => !Asked(profile, d.Text)),
                QuestionKind.Where => (analyzed?.Places ?? Places(line)).Any(p => !Asked(profile, p)),
                // "Who was the councilor …" is answered by a line that names a councilor, and not by one whose councilor is "a councilor".
                // "Who signed …" is not answered by "a signing ceremony was held": the line must say someone did it.
                QuestionKind.Who => ((analyzed?.PeopleIn(common) ?? People(line, common)).Count > 0 || KoreanPerson().IsMatch(line) || Roles.BodyDoesAct(profile.Question, line)) && (profile.Role is null || Roles.NamesHolder(profile.Role, line)) && Roles.StatesActDone(profile.Question, line),
                // "How many countries" is not answered by a count of projects.
                QuestionKind.HowMuch => profile.Counted is { } counted ? CountsOf(counted, line, document.Date).Count > 0 : Amounts(line, document.Date).Count > 0,
                QuestionKind.Author => SentenceCues.IsByline(line) || document.Author is { Length: > 0 } a && line.Contains(a, StringComparison.OrdinalIgnoreCase),
                QuestionKind.List => line.Count(c => c == ',') >= 2 || line.Contains('、'),
                QuestionKind.Frequency => Frequency().IsMatch(line),
                _ => true,
            };
            if (!met)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Every word of the span (but "in", "at", "the") is already in the question.</summary>
    internal static bool Asked(QuestionProfile profile, string span)
    {
        var words = span.Split([' ', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.ToLowerInvariant() is not ("in" or "at" or "the" or "on" or "of"))
            .ToList();
        return words.Count > 0 && words.All(w => profile.Question.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    public static IReadOnlyList<string> Places(string line)
    {
        var places = new List<string>();
        foreach (Match m in Place().Matches(line))
        {
            var value = m.Value.TrimEnd();
            // "in March", "in 2024", "in Horizon Europe"-like programme names are not places; months never are.
            var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Skip(1).Any(w => w is "January" or "February" or "March" or "April" or "May" or "June" or "July" or "August" or "September" or "October" or "November" or "December"))
            {
                continue;
            }
            // "in Europe's Economy": a possessive phrase is a headline's words, not a place.
            if (value.Contains("'s ", StringComparison.Ordinal) || value.Contains("’s ", StringComparison.Ordinal))
            {
                continue;
            }
            // "invest in Europe", "in Korea": a whole partner is a region, not where an event was held.
            if (Regions.Contains(KoreanPhrases.Place(value)))
            {
                continue;
            }
            // "in Union programmes", "in Horizon Europe projects": capitalised words before a common noun describe it.
            if (NextWord().Match(line, m.Index + value.Length) is { Success: true } next && !FollowsPlace.Contains(next.Groups[1].Value))
            {
                continue;
            }
            // "In HPC and Quantum Technologies, …", "in AI": an acronym straight after "in" is a field; a country's goes after "the".
            if (AcronymOnly().IsMatch(value))
            {
                continue;
            }
            places.Add(value);
        }
        foreach (Match m in KoreanPlace().Matches(line))
        {
            var value = m.Value[..^2];
            // "전문가 워크숍에서", "협의회에서": where something happened at an occasion or in a body, not a place.
            if (KoreanOccasion().IsMatch(value))
            {
                continue;
            }
            places.Add(value);
        }
        return places;
    }

    /// <summary>The people a line names, for a "who" question: the holder of the role it asks about when the line says which one that is.</summary>
    public static IReadOnlyList<string> PeopleFor(QuestionProfile profile, string line, Func<string, bool>? common = null) =>
        profile.Role is null ? People(line, common) : Roles.Holders(profile.Role, line, People(line, common));

    /// <param name="common">Words the corpus also writes in lower case ("Artificial Intelligence" is no name).</param>
    public static IReadOnlyList<string> People(string line, Func<string, bool>? common = null)
    {
        var people = new List<string>();
        foreach (Match m in Name().Matches(line))
        {
            var before = line[..m.Index].TrimEnd();
            if (before.EndsWith(" at", StringComparison.OrdinalIgnoreCase) || before.EndsWith(" in", StringComparison.OrdinalIgnoreCase) || before.EndsWith(" from", StringComparison.OrdinalIgnoreCase))
            {
                // "at Le Berlaymont", "in Seoul": places.
                continue;
            }
            // "Jean-Claude" is two parts; "Chang-yoon" one (its tail alone may be a common word).
            var parts = NameParts().Split(m.Value).Where(p => p.Length > 0).ToArray();
            var kept = parts.Count(p => !NotNameWords.Contains(p.TrimEnd('.')) && common?.Invoke(p) != true);
            if (kept >= 2 && !NotNameWords.Contains(parts[^1]) && common?.Invoke(parts[^1]) != true)
            {
                // Drop leading title words so "Vice Minister Lee Chang-yoon" names "Lee Chang-yoon".
                var value = m.Value;
                while (value.IndexOf(' ') is var space and > 0 && NotNameWords.Contains(value[..space].TrimEnd('.')))
                {
                    value = value[(space + 1)..];
                }
                people.Add(value);
            }
        }
        foreach (Match m in KoreanPerson().Matches(line))
        {
            people.Add(m.Value);
        }
        return people.Distinct().ToList();
    }

    public static IReadOnlyList<string> Amounts(string line, DateOnly? documentDate)
    {
        var amounts = new List<string>();
        var dates = EventDates.In(line, documentDate);
        bool InDate(Match m) => dates.Any(d => m.Index < d.Index + d.Text.Length && d.Index < m.Index + m.Length);
        foreach (Match m in Money().Matches(line))
        {
            if (!InDate(m))
            {
                amounts.Add(m.Value.Trim());
            }
        }
        foreach (Match m in KoreanAmount().Matches(line))
        {
            if (!InDate(m))
            {
                amounts.Add(m.Value.Trim());
            }
        }
        // "20%" is money-shaped and Korean-shaped alike: one amount, said once.
        amounts = amounts.Distinct().ToList();
        if (amounts.Count == 0)
        {
            foreach (Match m in CountOfThings().Matches(line))
            {
                if (!InDate(m) && !amounts.Any(a => a.Contains(m.Value, StringComparison.Ordinal)))
                {
                    amounts.Add(m.Value.Trim());
                }
            }
        }
        return amounts;
    }

    /// <summary>Counts of things ("14 institutes", "Four jointly funded projects"), for "how many" questions.</summary>
    public static IReadOnlyList<string> Counts(string line, DateOnly? documentDate)
    {
        var dates = EventDates.In(line, documentDate);
        bool InDate(Match m) => dates.Any(d => m.Index < d.Index + d.Text.Length && d.Index < m.Index + m.Length);
        var counts = new List<(int At, string Text)>();
        foreach (Match m in PluralCount().Matches(line))
        {
            if (!InDate(m) && !Money().IsMatch(m.Value))
            {
                counts.Add((m.Index, m.Value.Trim()));
            }
        }
        foreach (Match m in CountOfThings().Matches(line))
        {
            if (!InDate(m) && !Money().IsMatch(m.Value))
            {
                counts.Add((m.Index, m.Value.Trim()));
            }
        }
        foreach (Match m in NumberWordCount().Matches(line))
        {
            counts.Add((m.Index, m.Value.Trim()));
        }
        foreach (Match m in KoreanAmount().Matches(line))
        {
            if (!InDate(m) && !m.Value.Contains('%') && !m.Value.EndsWith('원') && !m.Value.EndsWith("유로", StringComparison.Ordinal) && !m.Value.EndsWith("달러", StringComparison.Ordinal))
            {
                counts.Add((m.Index, m.Value.Trim()));
            }
        }
        // Of counts that start at one number, the first found (the one that ends on its plural noun).
        return counts.GroupBy(c => c.At).OrderBy(g => g.Key).Select(g => g.First().Text).Distinct().ToList();
    }

    /// <summary>
    /// The counts of the line that count <paramref name="counted"/>: an English count whose words
    /// name it ("nine European countries" for countries), or a Korean count by counter ("8차례",
    /// "4개"), whose counter never names the thing.
    /// </summary>
    public static IReadOnlyList<string> CountsOf(Concept counted, string line, DateOnly? documentDate) =>
        Counts(line, documentDate).Where(c => Corpus.TextNormalizer.HasHangul(c) || Names(counted, c)).ToList();

    private static bool Names(Concept counted, string count)
    {
        var words = count.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToList();
        return counted.Forms.Any(f => f.Count > 0 && words.Any(w => w.StartsWith(f[^1], StringComparison.Ordinal)))
            || counted.HangulForms.Any(h => count.Replace(" ", "", StringComparison.Ordinal).Contains(h, StringComparison.Ordinal));
    }

    public static bool IsNegative(string line) => Negation().IsMatch(line);

    public static bool IsList(string line) => ListShape().IsMatch(line);
}
