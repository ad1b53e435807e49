using System.Text.RegularExpressions;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Answers;

/// <summary>
/// Turns a question into a <see cref="QuestionProfile"/>. Chat forms are written out first;
/// question words, auxiliaries and chat words are not content; temporal cue words ("next",
/// "latest") steer composition rather than matching; partner names are the subject, not words to
/// find; words absent from the corpus are corrected against its vocabulary when a close word exists.
/// </summary>
internal sealed partial class QuestionProfiler(
    TextAnalysis analysis,
    Synonyms synonyms,
    Func<string, double> idf,
    Synonyms? glossary = null,
    Partners? partners = null,
    Func<string, string?>? correct = null)
{
    /// <summary>Each synonym and glossary group's alternatives split into words once, not per question.</summary>
    private readonly IReadOnlyList<(IReadOnlyList<(string Alternative, string[] Parts)> English, IReadOnlyList<string> All)> _groups = Merge(synonyms.Groups.Concat(glossary?.Groups ?? []))
        .Where(g => !KoreanFirst(g))
        .Select(g => ((IReadOnlyList<(string, string[])>)g.Where(a => !Corpus.TextNormalizer.HasHangul(a)).Select(a => (a, Words().Matches(a).Select(m => m.Value).ToArray())).ToList(), g))
        .ToList();

    private readonly IReadOnlyList<IReadOnlyList<string>> _allGroups = Merge(synonyms.Groups.Concat(glossary?.Groups ?? []));

    /// <summary>
    /// The groups (by index, ascending) with an alternative that starts with a word: a group can
    /// only match a question that has the first word of one of its alternatives, so only those are searched.
    /// </summary>
    private Dictionary<string, int[]>? _groupsByFirstWord;

    private Dictionary<string, int[]> GroupsByFirstWord() => _groupsByFirstWord ??= _groups
        .SelectMany((group, index) => group.English.Where(a => a.Parts.Length > 0).Select(a => (First: a.Parts[0], Index: index)))
        .GroupBy(x => x.First, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Select(x => x.Index).Distinct().Order().ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes of the groups that may match <paramref name="words"/>, in group order.</summary>
    private List<int> CandidateGroups(List<string> words)
    {
        var byFirst = GroupsByFirstWord();
        var candidates = new SortedSet<int>();
        foreach (var word in words)
        {
            if (byFirst.TryGetValue(word, out var indexes))
            {
                candidates.UnionWith(indexes);
            }
        }
        return [.. candidates];
    }

    /// <summary>Every Korean form of the glossary without spaces, with its group, longest first (read per Korean word of a question).</summary>
    private readonly IReadOnlyList<(string Form, IReadOnlyList<string> Group)> _hangulForms = Merge(synonyms.Groups.Concat(glossary?.Groups ?? []))
        .SelectMany(g => g.Where(Corpus.TextNormalizer.HasHangul).Select(a => (Compact(a), g)))
        .DistinctBy(p => p.Item1)
        .OrderByDescending(p => p.Item1.Length)
        .ToList();

    /// <summary>
    /// Groups that share an alternative are one group ("council" of the synonyms and "council, 협의회"
    /// of the glossary). A group that starts with its Korean word ("체결, signed, concluded") says
    /// what that word may mean in English: it is never merged, and English questions do not use it
    /// (signed ≠ concluded in English, while 체결 is said of both).
    /// </summary>
    private static List<IReadOnlyList<string>> Merge(IEnumerable<IReadOnlyList<string>> groups)
    {
        var merged = new List<List<string>>();
        foreach (var group in groups)
        {
            var into = KoreanFirst(group) ? null : merged.FirstOrDefault(m => !KoreanFirst(m) && m.Intersect(group, StringComparer.OrdinalIgnoreCase).Any());
            if (into is null)
            {
                merged.Add(group.ToList());
            }
            else
            {
                into.AddRange(group.Where(a => !into.Contains(a, StringComparer.OrdinalIgnoreCase)));
            }
        }
        return merged.Select(m => (IReadOnlyList<string>)m).ToList();
    }

    private static bool KoreanFirst(IReadOnlyList<string> group) => group.Count > 0 && Corpus.TextNormalizer.HasHangul(group[0]);

    private readonly Partners _partners = partners ?? Answers.Partners.Empty;

    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been",
        "being", "do", "does", "did", "doing", "done", "will", "would", "could", "can", "should", "shall", "may", "might",
        "must", "have", "has", "had", "the", "a", "an", "of", "to", "in", "on", "for", "about", "with", "by", "at", "from",
        "and", "or", "their", "they", "them", "it", "its", "this", "that", "these", "those", "there", "me", "you", "your",
        "tell", "please", "know", "much", "many", "some", "any", "own", "go", "goes", "going", "happen", "happens", "happened", "happening", "occur", "occurs", "occurred",
        "get", "gets", "i", "we", "us", "our", "up", "so", "also", "exactly", "currently", "kind", "sort", "type",
        "whether", "if", "say", "said", "says", "saying", "told", "telling", "anything", "something", "everything", "anyone", "someone", "everyone",
        "actually", "really", "roughly", "approximately", "ever", "even", "again", "back", "ok", "okay", "well", "like", "than", "then",
        "into", "onto", "out", "over", "under", "both", "each", "either", "neither", "all", "more", "most", "less",
        "very", "too", "not", "no", "yes", "want", "wants", "need", "needs", "wondering", "wonder", "curious", "figure", "trying", "try", "find",
        "look", "looking", "my", "mine", "his", "her", "he", "she", "him", "one", "ones", "thing", "things", "stuff", "guys", "folks", "lot", "lots",
        "think", "thought", "mean", "means", "am", "yet", "already", "still", "hi", "hello", "hey", "thanks", "thank", "bot", "compared", "compare",
        "versus", "vs", "same", "such", "way", "make", "made", "let", "use", "used", "does", "gonna", "until", "since", "before", "after",
        "early", "late", "later", "earlier", "mid", "date", "dates", "big", "large", "long", "far", "often", "roughly", "take", "takes", "took", "taken",
    };

    private static readonly HashSet<string> TemporalWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "next", "latest", "upcoming", "recent", "recently", "current", "now", "planned", "plan", "plans", "scheduled",
        "last", "newest", "still", "soon", "today",
        // Korean: 다음 (next), 다가오는 (upcoming), 최근 (recent), 최신 (latest).
        "다음", "다가오는", "최근", "최신",
    };

    private static readonly HashSet<string> AuthorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "wrote", "write", "written", "writes", "author", "authored", "authors",
    };

    private static readonly HashSet<string> DocumentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "analysis", "article", "report", "paper", "document", "piece", "study", "publication", "post", "text",
    };

    private static readonly HashSet<string> ListNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "areas", "fields", "topics", "technologies", "sectors", "domains", "priorities", "themes", "issues", "subjects",
    };

    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would", "should", "shall", "may", "might",
    };

    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "they", "them", "that", "this", "those", "these", "he", "she", "there", "its", "their",
    };

    // A word the corpus lacks weighs like a rare word, not more: it still counts against weak evidence,
    // but one unknown word must not outweigh everything the evidence does match.
    private const double MaxWeight = 3.0;

    // Weight of the lead-up's concepts; more when the question points back at it ("when did it …").
    private const double PreambleWeight = 0.25;
    private const double ReferredPreambleWeight = 0.4;

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’&\-]*")]
    private static partial Regex Words();

    [GeneratedRegex(@"\s+[—–]\s+|\s+-\s+|[?!]\s+|;\s+|\.\s+(?=[A-Za-z])")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"(?i),\s+(?=(?:what|when|where|who|which|how|is|are|was|were|do|does|did|has|have)\b)")]
    private static partial Regex CommaBeforeQuestion();

    [GeneratedRegex(@"(?i)\b(?:what|when|where|who|whom|whose|which|how)\b")]
    private static partial Regex WhWord();

    [GeneratedRegex(@"(?i)\bhow\s+many\b")]
    private static partial Regex HowMany();

    [GeneratedRegex(@"^(\d{1,4})(년|월|일)$")]
    private static partial Regex KoreanDatePart();

    [GeneratedRegex(@"(?i)\b(?:today|tonight|right now)\b")]
    private static partial Regex Today();

    [GeneratedRegex(@"(?i)\blast\s+(?:year|month|week|time)\b")]
    private static partial Regex LastPeriod();

    public QuestionProfile Profile(string question, string? previousQuestion = null)
    {
        var normalized = CorrectTypos(ChatForms.Normalize(question));
        var (main, preamble) = SplitClauses(normalized);
        var mainLower = Words().Matches(main).Select(m => m.Value.ToLowerInvariant()).ToList();
        var allLower = Words().Matches(normalized).Select(m => m.Value.ToLowerInvariant()).ToList();

        var asksAuthor = allLower.Any(AuthorWords.Contains);
        var cueWords = mainLower.Count(w => !QuestionWords.Contains(w) && !TemporalWords.Contains(w)) > 0 ? mainLower : allLower;
        var temporalTerms = cueWords.Where(TemporalWords.Contains).Where(w => !(w == "last" && LastPeriod().IsMatch(main))).Distinct().ToList();
        var kinds = Kinds(main, mainLower, asksAuthor);
        var kind = kinds.Count > 0 ? kinds.First() : QuestionKind.Other;
        var first = mainLower.FirstOrDefault() ?? "";
        var asksNext = cueWords.Any(w => w is "next" or "upcoming" or "planned" or "scheduled" or "plan" or "plans" or "soon") || cueWords.Select(KoreanWords.Stem).Any(w => w is "다음" or "다가오는");
        var asksLatest = cueWords.Any(w => w is "latest" or "recent" or "recently" or "current" or "now" or "newest") || cueWords.Select(KoreanWords.Stem).Any(w => w is "최근" or "최신") || (cueWords.Contains("last") && !LastPeriod().IsMatch(main));
        var temporal = kinds.Contains(QuestionKind.When) || temporalTerms.Count > 0;
        var yesNo = kinds.Count == 0 && (Auxiliaries.Contains(first) || KoreanYesNo(main)) && !mainLower.Contains("or");

        var mainConcepts = BuildConcepts(Words().Matches(main).Select(m => m.Value).ToList(), asksAuthor, temporalTerms.Count > 0);
        if (WhatPeriod().Match(main) is { Success: true } period)
        {
            // "What year was it signed?" asks when: "year" is the question's word, not a word the line must have ("this year").
            mainConcepts.RemoveAll(c => c.Label.Equals(period.Groups["unit"].Value, StringComparison.OrdinalIgnoreCase));
        }
        var concepts = mainConcepts;
        if (preamble.Length > 0)
        {
            var points = mainLower.Any(Pronouns.Contains) || mainConcepts.Count == 0;
            var factor = mainConcepts.Count == 0 ? 1.0 : points ? ReferredPreambleWeight : PreambleWeight;
            var lead = BuildConcepts(Words().Matches(preamble).Select(m => m.Value).ToList(), asksAuthor, true)
                // Dates in the lead-up describe what was said before; they are not what the question asks about.
                .Where(c => mainConcepts.Count == 0 || !c.Label.All(char.IsDigit))
                .Where(c => !mainConcepts.Any(m => m.Label.Equals(c.Label, StringComparison.OrdinalIgnoreCase)))
                .Select(c => c with { Weight = c.Weight * factor, Main = mainConcepts.Count == 0 });
            concepts = [.. mainConcepts, .. lead];
        }
        var context = previousQuestion is { Length: > 0 } && (concepts.Count <= 1 || allLower.Any(w => w is "it" or "they" or "them" or "that" or "this" or "there" or "he" or "she"))
            ? BuildConcepts(Words().Matches(ChatForms.Normalize(previousQuestion)).Select(m => m.Value).ToList(), false, true)
            : [];
        var korean = Corpus.TextNormalizer.HasHangul(normalized) ? normalized : null;
        var ordinals = Ordinals.In(main);
        var asksCount = HowMany().IsMatch(main) || KoreanWords.AsksCount(main);
        return new QuestionProfile(normalized, kind, temporal, (asksNext || IsWhenIsFuture(mainLower)) && temporal, asksLatest, concepts, temporalTerms, context, korean)
        {
            Kinds = kinds,
            YesNo = yesNo,
            Ordinal = ordinals.Count == 1 ? ordinals.First() : null,
            Partners = _partners.InQuestion(normalized),
            AsksToday = Today().IsMatch(normalized),
            AsksCount = asksCount,
            Counted = asksCount ? CountedIn(main, mainConcepts) : null,
            AskedEvent = kinds.Contains(QuestionKind.When) ? EventPhases.AskedIn(main) : null,
            Role = kinds.Contains(QuestionKind.Who) ? Roles.AskedRole(main) : null,
            BodyWords = BodyName().Match(main) is { Success: true } body ? [body.Groups["a"].Value, body.Groups["b"].Value] : [],
            Options = kinds.Count > 0 || yesNo || Choice().Match(main) is not { Success: true } choice ? [] : [choice.Groups["a"].Value, choice.Groups["b"].Value],
        };
    }

    // "… in person or online?", "… in seoul or brussels": the question ends on two alternatives.
    [GeneratedRegex(@"(?i)\b(?<a>[a-z]{3,})\s+or\s+(?:(?:in|at|on|by|via)\s+)?(?<b>[a-z]{3,})\s*[?.!]*\s*$")]
    private static partial Regex Choice();

    // "the trade and technology council", "a science and technology agreement": two words joined by "and" before the
    // noun of a body or an accord name one body; a lower-case name typed in chat is still a name.
    [GeneratedRegex(@"(?i)\b(?<a>[a-z]{3,})\s+(?:and|&)\s+(?<b>[a-z]{3,})\s+(?:council|committee|forum|agreement|partnership|dialogue|working group|group|centre|center|summit|programme|program|fund)s?\b")]
    private static partial Regex BodyName();

    [GeneratedRegex(@"(?i)\b(?:what|which)\s+(?<unit>year|month|day)\b")]
    private static partial Regex WhatPeriod();

    // "how many [of the] European countries are …": the words counted, up to the verb.
    [GeneratedRegex(@"(?i)\bhow\s+many\s+(?:of\s+the\s+)?(?<thing>(?:[\p{L}\-]+\s+){0,3}?[\p{L}\-]+?)(?=\s+(?:are|is|was|were|do|does|did|will|would|have|has|had|can|could|in|of|on|at|for|from|with|there|took|take|make|made|got|get)\b|\s*[?.!,]|\s*$)")]
    private static partial Regex CountedThing();

    /// <summary>
    /// The concept naming what a "how many" question counts: the last of the counted words in
    /// English ("European countries": countries), the word before 몇 in Korean ("과제는 몇 개": 과제).
    /// </summary>
    private Concept? CountedIn(string main, IReadOnlyList<Concept> concepts)
    {
        if (CountedThing().Match(main) is { Success: true } m)
        {
            var head = m.Groups["thing"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            var terms = analysis.EnglishTerms(head);
            return terms.Count == 0 ? null : concepts.FirstOrDefault(c => c.Forms.Any(f => f.Count > 0 && f[^1] == terms[^1]));
        }
        var at = main.IndexOf('몇');
        if (at <= 0)
        {
            return null;
        }
        var before = Words().Matches(main[..at]).Select(w => w.Value).LastOrDefault();
        if (before is null || !Corpus.TextNormalizer.HasHangul(before))
        {
            return null;
        }
        var stem = KoreanWords.Stem(before);
        return concepts.FirstOrDefault(c => c.Label == stem || c.Label == before || c.HangulForms.Contains(Compact(stem)));
    }

    /// <summary>Words the corpus does not have, replaced by the closest corpus word (question and chat words are left alone).</summary>
    private string CorrectTypos(string question) => correct is null
        ? question
        : Words().Replace(question, m => Corpus.TextNormalizer.HasHangul(m.Value) || QuestionWords.Contains(m.Value) || TemporalWords.Contains(m.Value) || IsPartnerName(m.Value)
            ? m.Value
            : correct(m.Value) ?? m.Value);

    private static bool IsWhenIsFuture(List<string> lower) =>
        lower.FirstOrDefault() == "when" && lower.Skip(1).FirstOrDefault() is "will" && lower.Count > 2;

    // How a Korean yes/no question ends: "서명했나요", "맞죠", "체결됐어", "가입했습니까", "인가요".
    private static readonly string[] KoreanYesNoEndings = ["나요", "까", "까요", "어", "어요", "니", "냐", "죠", "지요", "가요", "나", "야", "예요", "에요"];

    private static bool KoreanYesNo(string text)
    {
        if (!Corpus.TextNormalizer.HasHangul(text) || KoreanWords.KindsIn(text).Any() || KoreanWords.AsksWhat(text))
        {
            return false;
        }
        var end = text.TrimEnd('?', ' ', '.', '!');
        return KoreanYesNoEndings.Any(e => end.EndsWith(e, StringComparison.Ordinal));
    }

    /// <summary>
    /// The clause that asks (the last one with a question word, or a yes/no question) and the
    /// lead-up before it.
    /// </summary>
    internal static (string Main, string Preamble) SplitClauses(string question)
    {
        var parts = ClauseBreak().Split(question)
            .SelectMany(p => CommaBeforeQuestion().Split(p))
            .Select(p => p.Trim().TrimStart(',', ' ').Trim())
            .Where(p => p.Length > 0)
            .ToList();
        if (parts.Count <= 1)
        {
            return (question, "");
        }
        var index = parts.FindLastIndex(p => WhWord().IsMatch(p) || KoreanWords.KindsIn(p).Any());
        if (index < 0)
        {
            index = parts.FindLastIndex(p => Auxiliaries.Contains(Words().Match(p).Value) || KoreanYesNo(p));
        }
        if (index < 0)
        {
            return (question, "");
        }
        return (parts[index], string.Join(" ", parts.Where((_, i) => i != index)));
    }

    private static HashSet<QuestionKind> Kinds(string main, List<string> lower, bool asksAuthor)
    {
        var kinds = new HashSet<QuestionKind>();
        if (asksAuthor && lower.Contains("who"))
        {
            kinds.Add(QuestionKind.Author);
            return kinds;
        }
        for (var i = 0; i < lower.Count; i++)
        {
            var next = i + 1 < lower.Count ? lower[i + 1] : "";
            switch (lower[i])
            {
                case "when":
                    kinds.Add(QuestionKind.When);
                    break;
                case "where":
                    kinds.Add(QuestionKind.Where);
                    break;
                case "who" or "whom" or "whose":
                    kinds.Add(QuestionKind.Who);
                    break;
                case "how" when next is "often":
                    kinds.Add(QuestionKind.Frequency);
                    break;
                case "how" when next is "much" or "many" or "big" or "large":
                    kinds.Add(QuestionKind.HowMuch);
                    break;
                case "what" or "which" when next is "year" or "date" or "dates" or "month" or "day" || (next is "is" or "are" or "was" && i + 2 < lower.Count && lower[i + 2] == "the" && i + 3 < lower.Count && lower[i + 3] is "date" or "dates" or "deadline"):
                    kinds.Add(QuestionKind.When);
                    break;
            }
        }
        kinds.UnionWith(KoreanWords.KindsIn(main));
        if (main.Contains("얼마나 자주", StringComparison.Ordinal) || main.Contains("주기", StringComparison.Ordinal))
        {
            kinds.Remove(QuestionKind.HowMuch);
            kinds.Add(QuestionKind.Frequency);
        }
        if (kinds.Count == 0 && KoreanWords.AsksAmount(main))
        {
            kinds.Add(QuestionKind.HowMuch);
        }
        if (kinds.Count == 0 && KoreanWords.AsksList(main))
        {
            kinds.Add(QuestionKind.List);
        }
        if (kinds.Count == 0 && lower.Any(w => w is "deadline" or "dates"))
        {
            kinds.Add(QuestionKind.When);
        }
        if (kinds.Count == 0 && lower.Any(w => w is "cost" or "budget" or "funding" or "money" or "worth" or "spend" or "spent"))
        {
            kinds.Add(QuestionKind.HowMuch);
        }
        var first = lower.FirstOrDefault() ?? "";
        if (kinds.Count == 0 && first is "what" or "which" && lower.Take(8).Any(w => w is "share" or "percentage" or "percent" or "proportion"))
        {
            // "What market share …" is answered by a percentage, not by a line that speaks of the share.
            kinds.Add(QuestionKind.HowMuch);
        }
        if (kinds.Count == 0 && first is "which" or "what" && lower.Take(4).Any(ListNouns.Contains))
        {
            kinds.Add(QuestionKind.List);
        }
        return kinds;
    }

    private List<Concept> BuildConcepts(List<string> rawWords, bool asksAuthor, bool hasTemporal)
    {
        var concepts = new List<Concept>();
        // Partner names are the subject (checked separately), not words to find; a hyphenated
        // "eu-korea" is two partner names.
        var words = new List<string>();
        foreach (var raw in rawWords)
        {
            foreach (var part in raw.Contains('-') && raw.Split('-').All(p => p.Length > 0 && _partners.In(p).Count > 0) ? raw.Split('-') : [raw])
            {
                // "AI는", "EU의", "DTA를": an English word with a Korean particle is the English word.
                words.Add(Corpus.TextNormalizer.HasHangul(part) && !Corpus.TextNormalizer.HasHangul(part[..1]) && KoreanWords.Stem(part) is var stem && !Corpus.TextNormalizer.HasHangul(stem) ? stem : part);
            }
        }
        var consumed = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            consumed[i] = !Corpus.TextNormalizer.HasHangul(words[i]) && IsPartnerName(words[i]);
        }

        foreach (var g in CandidateGroups(words))
        {
            var (group, all) = _groups[g];
            (int Start, int End)? best = null;
            string? matched = null;
            foreach (var (alternative, parts) in group)
            {
                if (FindWithGaps(words, parts) is { } span && (best is null || span.End - span.Start > best.Value.End - best.Value.Start))
                {
                    best = span;
                    matched = alternative;
                }
            }
            if (best is null || matched is null)
            {
                continue;
            }
            var (start, end) = best.Value;
            if (Enumerable.Range(start, end - start + 1).Any(i => consumed[i] && MatchesAlternativeWord(words[i], matched)))
            {
                continue;
            }
            for (var i = start; i <= end; i++)
            {
                consumed[i] |= MatchesAlternativeWord(words[i], matched);
            }
            var matchedTerms = analysis.EnglishTerms(matched);
            if (matchedTerms.Count == 0)
            {
                continue;
            }
            // The whole group, Korean forms too: an English question also reaches Korean text.
            concepts.Add(GroupConcept(matched, matchedTerms, all) with { Position = start });
        }

        // A Korean name written over several words ("디지털 파트너십 협의회는") is one glossary entry:
        // read word by word, "디지털" and "파트너십" match no entry and only the last word reaches English text.
        for (var i = 0; i < words.Count; i++)
        {
            for (var length = Math.Min(4, words.Count - i); length >= 2; length--)
            {
                if (KoreanPhrase(words, consumed, i, length) is not { } phrase
                    || _allGroups.FirstOrDefault(g => g.Any(a => Corpus.TextNormalizer.HasHangul(a) && Compact(a) == Compact(phrase))) is not { } group)
                {
                    continue;
                }
                var english = group.FirstOrDefault(a => !Corpus.TextNormalizer.HasHangul(a));
                var terms = english is null ? [] : analysis.EnglishTerms(english);
                concepts.Add(GroupConcept(phrase, terms, group) with { HangulForms = group.Where(a => Corpus.TextNormalizer.HasHangul(a)).Select(Compact).Distinct().ToList(), Position = i });
                for (var k = i; k < i + length; k++)
                {
                    consumed[k] = true;
                }
                break;
            }
        }

        // Korean words: dates and amounts the Korean way, the glossary (its group brings the English
        // forms; a compound may be several entries), then the word itself.
        for (var i = 0; i < words.Count; i++)
        {
            if (consumed[i] || !Corpus.TextNormalizer.HasHangul(words[i]))
            {
                continue;
            }
            consumed[i] = true;
            if (KoreanAmount(words, consumed, i) is { } amount)
            {
                concepts.Add(amount);
                continue;
            }
            var hangul = new string(words[i].Where(c => Corpus.TextNormalizer.HasHangul(c.ToString()) || char.IsLetterOrDigit(c)).ToArray());
            var stem = KoreanWords.Stem(hangul);
            // "몇 개", "몇 차례": the word after 몇 counts, it is not content.
            var counter = i > 0 && KoreanWords.Stem(words[i - 1]) == "몇";
            if (counter || KoreanWords.IsQuestionWord(stem) || hasTemporal && TemporalWords.Contains(stem) || Ordinals.In(stem).Count > 0 || _partners.In(words[i]).Count > 0 && (stem.Length <= 4 || words[i].Contains('-')))
            {
                continue;
            }
            if (KoreanDate(stem) is { } date)
            {
                concepts.Add(date with { Position = i });
                continue;
            }
            var pieces = GlossaryPieces(stem);
            if (pieces.Count > 0)
            {
                foreach (var (form, group) in pieces)
                {
                    var english = group.FirstOrDefault(a => !Corpus.TextNormalizer.HasHangul(a));
                    var terms = english is null ? [] : analysis.EnglishTerms(english);
                    var label = pieces.Count == 1 ? stem : form;
                    concepts.Add(GroupConcept(label, terms, group) with { HangulForms = group.Where(a => Corpus.TextNormalizer.HasHangul(a)).Select(Compact).Append(label).Distinct().ToList(), Position = i });
                }
                continue;
            }
            var bigrams = analysis.KoreanTerms(stem);
            var weight = Math.Min(MaxWeight, bigrams.Count == 0 ? idf(stem) : bigrams.Average(idf));
            concepts.Add(new Concept(stem, [], weight) { HangulForms = [stem], Position = i });
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (consumed[i] || QuestionWords.Contains(word) || (hasTemporal && TemporalWords.Contains(word)) || (asksAuthor && AuthorWords.Contains(word)))
            {
                continue;
            }
            if (Ordinals.In(word).Count > 0 && word.Length > 2)
            {
                // "third", "2nd": which one of a series, checked as the subject.
                continue;
            }
            var factor = DocumentWords.Contains(word) ? 0.3 : 1.0;
            foreach (var term in analysis.EnglishTerms(word))
            {
                if (concepts.Any(c => c.Forms.Any(f => f.Count == 1 && f[0] == term)))
                {
                    continue;
                }
                // Porter stems "added" to "ad" but "add" to "add": search both spellings.
                IReadOnlyList<IReadOnlyList<string>> forms = term.Length > 2 && term[^1] == term[^2] && char.IsLetter(term[^1])
                    ? [[term], [term[..^1]]]
                    : [[term]];
                concepts.Add(new Concept(word, forms, Math.Min(idf(term), MaxWeight) * factor) { Position = i });
            }
        }
        return concepts;
    }

    /// <summary>
    /// The glossary entries a Korean word is made of: the entry it is (with its particle gone, or
    /// a longer form of it: "마감일" for "마감"), else the entries it is compounded from, longest
    /// first ("호라이즌유럽가입" = 호라이즌 유럽 + 가입); empty when entries cover less than half of it.
    /// </summary>
    private List<(string Form, IReadOnlyList<string> Group)> GlossaryPieces(string stem)
    {
        (string Form, IReadOnlyList<string> Group)? whole = null;
        foreach (var (form, group) in _hangulForms)
        {
            if (form == stem || stem.Contains(form, StringComparison.Ordinal) && form.Length * 2 >= stem.Length || form.Contains(stem, StringComparison.Ordinal) && stem.Length * 2 >= form.Length)
            {
                if (whole is null || Math.Abs(form.Length - stem.Length) < Math.Abs(whole.Value.Form.Length - stem.Length))
                {
                    whole = (form, group);
                }
                if (form == stem)
                {
                    break;
                }
            }
        }
        if (whole is { } found && (found.Form.Length >= stem.Length || stem.Length - found.Form.Length < 2))
        {
            return [found];
        }
        var pieces = new List<(int At, string Form, IReadOnlyList<string> Group)>();
        var taken = new bool[stem.Length];
        // _hangulForms is ordered longest first.
        foreach (var (form, group) in _hangulForms)
        {
            if (form.Length < 2)
            {
                continue;
            }
            var at = stem.IndexOf(form, StringComparison.Ordinal);
            if (at < 0 || Enumerable.Range(at, form.Length).Any(k => taken[k]) || pieces.Any(p => ReferenceEquals(p.Group, group)))
            {
                continue;
            }
            for (var k = at; k < at + form.Length; k++)
            {
                taken[k] = true;
            }
            pieces.Add((at, form, group));
        }
        if (taken.Count(t => t) * 2 < stem.Length)
        {
            return whole is { } partial ? [partial] : [];
        }
        return pieces.OrderBy(p => p.At).Select(p => (p.Form, p.Group)).ToList();
    }

    /// <summary>"2025년", "11월", "28일": a date part as the English and the Korean text write it.</summary>
    private Concept? KoreanDate(string stem)
    {
        var m = KoreanDatePart().Match(stem);
        if (!m.Success)
        {
            return null;
        }
        var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var term = m.Groups[2].Value switch
        {
            "월" when n is >= 1 and <= 12 => analysis.EnglishTerms(System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(n)).FirstOrDefault(),
            "월" => null,
            _ => m.Groups[1].Value,
        };
        return term is null ? null : new Concept(stem, [[term]], Math.Min(MaxWeight, idf(term))) { HangulForms = [stem] };
    }

    /// <summary>"1억 2천만 유로" over one or more words: the amount as English lines write it ("120 million") and as Korean ones do.</summary>
    private Concept? KoreanAmount(List<string> words, bool[] consumed, int i)
    {
        if (!char.IsDigit(words[i][0]))
        {
            return null;
        }
        var end = i;
        while (end + 1 < words.Count && !consumed[end + 1] && (char.IsDigit(words[end + 1][0]) || KoreanWords.Stem(words[end + 1]) is "유로" or "원" or "달러"))
        {
            end++;
        }
        var text = string.Join(' ', words.Skip(i).Take(end - i + 1));
        var found = KoreanNumbers.KoreanAmounts(text).FirstOrDefault();
        if (found.Text is null)
        {
            return null;
        }
        for (var k = i; k <= end; k++)
        {
            consumed[k] = true;
        }
        var forms = KoreanNumbers.EnglishForms(found.Amount.Value);
        return new Concept(found.Text, forms, MaxWeight) { HangulForms = [Compact(found.Text)], Position = i };
    }

    [GeneratedRegex(@"^(?:\p{Lu}{2,}[\p{Lu}\d]*|\d\p{Lu}+|\p{Lu}[\p{L}\-]*(?:\s+(?:of|and|for|\p{Lu}[\p{L}\-]*))*\s+\p{Lu}[\p{L}\-]*)$")]
    private static partial Regex NameForm();

    /// <summary>An acronym ("DTA"), a name with a digit ("6G") or a name of capitalised words ("Horizon Europe").</summary>
    private static bool IsName(string alternative) => NameForm().IsMatch(alternative);

    private Concept GroupConcept(string matched, IReadOnlyList<string> matchedTerms, IEnumerable<string> group)
    {
        var alternatives = group.ToList();
        var forms = new List<IReadOnlyList<string>>();
        if (matchedTerms.Count > 0)
        {
            forms.Add(matchedTerms);
        }
        forms.AddRange(alternatives.Where(a => a != matched && !Corpus.TextNormalizer.HasHangul(a)).Select(a => analysis.EnglishTerms(a)).Where(f => f.Count > 0 && !forms.Any(g => g.SequenceEqual(f))));
        var weight = Math.Min(MaxWeight, matchedTerms.Count > 0 ? matchedTerms.Max(idf) : forms.Count > 0 ? forms[0].Max(idf) : 1);
        return new Concept(matched, forms, weight)
        {
            Name = alternatives.Any(IsName),
            HangulForms = alternatives.Where(Corpus.TextNormalizer.HasHangul).Select(Compact).ToList(),
        };
    }

    private bool IsPartnerName(string word) =>
        _partners.In(word).Count > 0 && Words().Matches(word).All(m => _partners.In(m.Value).Count > 0);

    /// <summary>
    /// Words i..i+length-1 as one phrase, the last one without its particle;
    /// null when one of them is taken, not Korean, or a partner name ("한-EU").
    /// </summary>
    private string? KoreanPhrase(List<string> words, bool[] consumed, int i, int length)
    {
        var phrase = new List<string>();
        for (var k = i; k < i + length; k++)
        {
            if (consumed[k] || !Corpus.TextNormalizer.HasHangul(words[k]) || _partners.In(words[k]).Count > 0)
            {
                return null;
            }
            var word = new string(words[k].Where(char.IsLetterOrDigit).ToArray());
            phrase.Add(k == i + length - 1 ? KoreanWords.Stem(word) : word);
        }
        return string.Join(' ', phrase);
    }

    internal static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static bool MatchesAlternativeWord(string word, string alternative) =>
        alternative.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Any(part => SameWord(word, part))
        || string.Equals(word, alternative, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same word, or its plural: "heads of delegation" asks for the "head of delegation".</summary>
    private static bool SameWord(string word, string part) =>
        string.Equals(word, part, StringComparison.OrdinalIgnoreCase)
        || word.Length == part.Length + 1 && part.Length >= 3 && (word[^1] is 's' or 'S') && word.StartsWith(part, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Finds an alternative's words in order, allowing up to three other words between them, so
    /// split phrasal verbs ("hold the partnership back") still match "hold back".
    /// </summary>
    internal static (int Start, int End)? FindWithGaps(IReadOnlyList<string> words, string alternative) =>
        FindWithGaps(words, Words().Matches(alternative).Select(m => m.Value).ToArray());

    private static (int Start, int End)? FindWithGaps(IReadOnlyList<string> words, string[] parts)
    {
        if (parts.Length == 0)
        {
            return null;
        }
        for (var start = 0; start < words.Count; start++)
        {
            if (!SameWord(words[start], parts[0]))
            {
                continue;
            }
            var at = start;
            var ok = true;
            for (var p = 1; p < parts.Length && ok; p++)
            {
                ok = false;
                for (var next = at + 1; next < words.Count && next <= at + 4; next++)
                {
                    if (SameWord(words[next], parts[p]))
                    {
                        at = next;
                        ok = true;
                        break;
                    }
                }
            }
            if (ok)
            {
                return (start, at);
            }
        }
        return null;
    }
}
