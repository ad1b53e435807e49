using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>
/// Scores every line of the retrieved passages against the question. A concept found in the line
/// counts fully (a synonym slightly less); found in the line's context (the label or list lead-in
/// it belongs to, the table header, the previous line, the section heading, the document's title
/// and opening) it counts 0.7, elsewhere in the document 0.4. A line about another partner or
/// another one of a series (the second council when the third was asked) is no evidence at all.
/// A line without the kind of fact asked for (a date for "when", a number for "how many") is
/// evidence at half strength.
/// </summary>
/// <param name="parallelism">Threads that score one question's hits (default 1); the scores do not depend on it. Idle A/B at
/// 100,000 passages on 2 cores: one thread per core cost 2 ms more CPU per answer and a higher p99 (43.7–45.8 against 39.8 ms),
/// because a request's threads compete with the embedding, the scan and other requests.</param>
internal sealed partial class EvidenceScorer(LineAnalyzer lines, Func<string, bool> common, int? parallelism = null)
{
    private const double SynonymCredit = 0.85;
    private const double NearCredit = 0.6;
    private const double DocumentCredit = 0.4;

    private readonly int _parallelism = Math.Max(1, parallelism ?? 1);

    public List<Evidence> Score(QuestionProfile profile, IReadOnlyList<RankedPassage> hits)
    {
        var result = new List<Evidence>();
        var concepts = profile.Concepts.Count > 0 ? profile.Concepts : profile.ContextConcepts;
        var total = concepts.Sum(c => c.Weight);
        if (hits.Count == 0 || total <= 0)
        {
            return result;
        }
        // What does not depend on the line is worked out once: per question, then per passage.
        var question = new Question(
            profile, concepts, total,
            profile.Partners.Where(Partners.IsOther).ToHashSet(),
            FocusPartner(profile),
            hits.Max(h => h.Score),
            profile.Kinds.Contains(QuestionKind.When),
            profile.Kinds.Contains(QuestionKind.Author),
            SideBySide(concepts),
            OnlyPartner(profile),
            profile.Kinds.Contains(QuestionKind.HowMuch) && !profile.AsksCount ? MoneyConcept(concepts) : -1,
            profile.Kinds.Contains(QuestionKind.When) && profile.AskedEvent is { } asked ? StageSubject(concepts, asked) : [],
            profile.Kinds.Contains(QuestionKind.When) && WhatYear().IsMatch(profile.Question),
            ConceptsOf(concepts, profile.BodyWords),
            ConceptsOf(concepts, profile.Options).Select(k => (k, concepts[k].Label.ToLowerInvariant())).ToList());
        var perHit = new List<Evidence>[hits.Count];
        // Each document's hits are scored by one thread, so its context is analysed once; with
        // the lines of twenty passages to analyse, the cores share the wait for the answer.
        var byDocument = ByDocument(hits);
        if (byDocument.Count == 1 || _parallelism == 1)
        {
            var scratch = new Scratch(concepts.Count);
            foreach (var group in byDocument)
            {
                ScoreGroup(question, hits, group, perHit, scratch);
            }
        }
        else
        {
            Parallel.ForEach(
                byDocument,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism },
                () => new Scratch(concepts.Count),
                (group, _, scratch) =>
                {
                    ScoreGroup(question, hits, group, perHit, scratch);
                    return scratch;
                },
                _ => { });
        }
        foreach (var evidence in perHit)
        {
            result.AddRange(evidence);
        }
        result.Sort((a, b) => b.Score.CompareTo(a.Score));
        return result;
    }

    /// <summary>What scoring a line needs to know about the question, worked out once per question.</summary>
    private sealed record Question(
        QuestionProfile Profile,
        IReadOnlyList<Concept> Concepts,
        double Total,
        HashSet<string> Allowed,
        string? Focus,
        float MaxHit,
        bool AsksWhen,
        bool AsksAuthor,
        List<Concept> SideBySide,
        string? Only,
        int Money,
        List<int> StageSubject,
        bool AsksYear,
        List<int> Body,
        List<(int K, string Word)> Options);

    /// <summary>
    /// The line states an alternative of a choice question ("in person or online?") as a word of
    /// its own ("held online", "비대면으로"), not as part of a capitalised name ("Online &amp; Digital
    /// Platform Cooperation").
    /// </summary>
    private static bool StatesOption(List<int> found, int k, string word, string text) =>
        found.Contains(k) && (Corpus.TextNormalizer.HasHangul(text) || text.Contains(word, StringComparison.Ordinal));

    /// <summary>The concepts the question's <paramref name="words"/> became (by the word the question used).</summary>
    private static List<int> ConceptsOf(IReadOnlyList<Concept> concepts, IReadOnlyList<string> words)
    {
        var found = new List<int>();
        for (var k = 0; k < concepts.Count && words.Count > 0; k++)
        {
            if (words.Contains(concepts[k].Label, StringComparer.OrdinalIgnoreCase))
            {
                found.Add(k);
            }
        }
        return found;
    }

    /// <summary>Per-thread scratch, reused across lines: most lines are read and dropped.</summary>
    private sealed class Scratch(int concepts)
    {
        public sbyte[] InDocument { get; } = new sbyte[concepts];

        /// <summary>Per concept of the hit being scored: credited to its section heading or its document's opening (1), not (-1), not yet asked (0).</summary>
        public sbyte[] Framed { get; } = new sbyte[concepts];

        public List<AnalyzedLine> Near { get; } = [];

        public List<int> Found { get; } = [];

        public List<(AnalyzedLine Line, AnalyzedLine? Header, List<AnalyzedLine> Context)> Units { get; } = [];
    }

    /// <summary>The hits' indexes grouped by document, in order of each document's first hit.</summary>
    private static List<List<int>> ByDocument(IReadOnlyList<RankedPassage> hits)
    {
        var groups = new List<List<int>>();
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < hits.Count; i++)
        {
            if (!byId.TryGetValue(hits[i].Document.Id, out var group))
            {
                group = [];
                byId.Add(hits[i].Document.Id, group);
                groups.Add(group);
            }
            group.Add(i);
        }
        return groups;
    }

    private void ScoreGroup(Question question, IReadOnlyList<RankedPassage> hits, List<int> group, List<Evidence>[] perHit, Scratch scratch)
    {
        foreach (var i in group)
        {
            var evidence = new List<Evidence>();
            ScoreHit(question, hits[i], scratch, evidence);
            perHit[i] = evidence;
        }
    }

    /// <summary>
    /// Analyses what scoring <paramref name="hit"/> for <paramref name="profile"/> will read (its
    /// lines, heading and document context), so that work can be done before the hit is scored,
    /// e.g. while the question's embedding is still being computed. Never changes a score.
    /// </summary>
    public void Prepare(QuestionProfile profile, RankedPassage hit)
    {
        var analyzed = lines.Lines(hit.Passage);
        var heading = lines.Heading(hit.Passage);
        var document = lines.Document(hit.Document);
        var concepts = profile.Concepts.Count > 0 ? profile.Concepts : profile.ContextConcepts;
        document.Prepare(concepts.Any(c => c.Forms.Count > 0), concepts.Any(c => c.HangulForms.Count > 0));
        var asksWhen = profile.Kinds.Contains(QuestionKind.When);
        var any = false;
        foreach (var line in analyzed)
        {
            // What scoring reads of a line that states a concept (lines that state none are dropped unread).
            if (!concepts.Any(c => Credit(c, line) > 0))
            {
                continue;
            }
            any = true;
            _ = line.Partners;
            if (profile.Ordinal is not null)
            {
                _ = line.Ordinals;
            }
            if (asksWhen)
            {
                line.DatesIn(hit.Document.Date);
            }
        }
        if (any)
        {
            _ = heading.Partners;
            _ = document.Lead.Partners;
        }
    }

    private void ScoreHit(Question question, RankedPassage hit, Scratch scratch, List<Evidence> result)
    {
        var (profile, concepts, total, allowed, focus, maxHit, asksWhen, asksAuthor, sideBySide, only, money, stageSubject, asksYear, body, options) = question;
        var asksAmount = profile.Kinds.Contains(QuestionKind.HowMuch);
        var inDocument = scratch.InDocument;
        var framed = scratch.Framed;
        var near = scratch.Near;
        var found = scratch.Found;
        var analyzed = lines.Lines(hit.Passage);
        var heading = lines.Heading(hit.Passage);
        var document = lines.Document(hit.Document);
        HashSet<string>? context = null;
        AnalyzedLine? title = null;
        double? about = null;
        Array.Clear(inDocument);
        Array.Clear(framed);
        var labels = Labels(analyzed);
        for (var u = 0; u < analyzed.Length; u++)
        {
            var units = Units(analyzed[u], scratch.Units);
            for (var x = 0; x < units.Count; x++)
            {
                var (line, header, extra) = units[x];
                var i = u;
                var byline = asksAuthor && SentenceCues.IsByline(line.Text);
                // A byline is read with the title it signs; "He added …" with the line it continues.
                var continues = byline ? document.Lead : i > 0 && Continuation().IsMatch(line.Text) && RefersBack(line.Text, analyzed[i - 1].Text) ? analyzed[i - 1] : null;
                if (extra.Count == 0 && labels.IsLabel[i] && WordCount(line.Text, 3) <= 2)
                {
                    // A bare label ("Call ID", "Deadline") is quoted with the value it labels, never alone.
                    continue;
                }
                var label = extra.Count == 0 ? labels.Of[i] : null;
                if (!StatesAny(concepts, line, label, header, continues))
                {
                    // Found nowhere the concepts loop below credits: no evidence, whoever the line names.
                    continue;
                }
                var text = label is null ? line.Text : label.Text + " " + line.Text;
                Near(near, analyzed, i, label, heading, document.Lead);
                near.AddRange(extra);
                var partnersInLine = label is null ? line.Partners : line.Partners.Union(label.Partners).ToHashSet();
                context ??= heading.Partners.Union(document.Lead.Partners).ToHashSet();
                if (Partners.AboutOther(partnersInLine, context, allowed))
                {
                    continue;
                }
                var ordinalFactor = profile.Ordinal is null ? 1 : OrdinalFactor(profile.Ordinal, label is null ? line.Ordinals : line.Ordinals.Union(label.Ordinals).ToHashSet(), near, line, analyzed);
                if (ordinalFactor == 0)
                {
                    continue;
                }

                found.Clear();
                double covered = 0, lineWeight = 0;
                for (var k = 0; k < concepts.Count; k++)
                {
                    var concept = concepts[k];
                    var credit = Credit(concept, line);
                    if (label is not null)
                    {
                        credit = Math.Max(credit, Credit(concept, label));
                    }
                    if (header is not null || continues is not null)
                    {
                        // A table cell is read with its column header, a line that opens with "He"/"It" with the line it continues.
                        credit = Math.Max(credit, (header is not null && Credit(concept, header) > 0) || (continues is not null && Credit(concept, continues) > 0) ? SynonymCredit : 0);
                    }
                    if (credit > 0)
                    {
                        found.Add(k);
                        lineWeight += concept.Weight * credit;
                    }
                    else if (InNear(k, concept, near, framed))
                    {
                        credit = NearCredit;
                    }
                    else
                    {
                        if (inDocument[k] == 0)
                        {
                            inDocument[k] = InDocument(concept, document) ? (sbyte)1 : (sbyte)-1;
                        }
                        credit = inDocument[k] > 0 ? DocumentCredit : 0;
                    }
                    covered += concept.Weight * credit;
                }
                if (found.Count == 0)
                {
                    continue;
                }
                if (!body.TrueForAll(k => found.Contains(k) || InNear(k, concepts[k], near, framed)))
                {
                    // "The trade and technology council": a line about the Digital Partnership Council is about another body.
                    continue;
                }
                if ((asksWhen || asksAmount) && !NamesTheSubject(concepts, found, near, document, inDocument, framed))
                {
                    // A date or an amount of another programme or agreement ("6G budget?" → the chip projects' €6 million).
                    continue;
                }
                var inLine = new HashSet<int>(found);
                var together = Together(sideBySide, line);
                var coverage = covered / total;
                var lineShare = lineWeight / total;
                // "When" questions read the line's dates twice (is there one, how precise is it): once here.
                // Of a line that sets the EU and Korea side by side, only what it says of the partner asked about.
                var facts = only is null || !(partnersInLine.Count > 1 || header is not null || PartnerScope.Compares(hit.Document.Title))
                    ? text
                    : PartnerScope.Keep(text, header?.Text, only, only == Partners.Eu ? Partners.Korea : Partners.Eu, p => lines.Analyze(p).Partners);
                if (facts.Trim('|', ' ').Length == 0 || facts.Split('|').Skip(2).All(c => c.Trim().Length == 0) && header is not null)
                {
                    // All of it is the other partner's ("Korea's Act … limits fines to $21,000" for the EU AI Act's fines).
                    continue;
                }
                var dates = !asksWhen ? null : facts != text ? EventDates.In(facts, hit.Document.Date) : label is null ? line.DatesIn(hit.Document.Date) : EventDates.In(text, hit.Document.Date);
                // A date of another stage ("concluded on 10 March" for "when did the talks start?") is not the date asked for;
                // an amount on a line that does not say it is a budget or an investment is not the budget or investment asked for.
                // A headline that states the stage asked about and no date of its own ("EU and Korea launch joint chip
                // projects") reports what happened on the day it was published: the source's date dates it.
                var datedByDocument = asksWhen && dates is { Count: 0 } && profile.AskedEvent is { } headlineEvent && label is null && hit.Document.Date is { } published
                    && line.Text == hit.Document.Title && EventPhases.States(headlineEvent, line.Text);
                var cueMet = Cues.Meet(profile, facts, hit.Document, common, datedByDocument ? [new DateSpan("", -1, hit.Document.Date, DatePrecision.Day)] : dates, line)
                    && (profile.AskedEvent is not { } phase || StatesEvent(phase, text, header, heading, LeadIn(analyzed, i))
                        && (profile.AsksNext || !EventPhases.States(phase, text) || EventPhases.StatesDone(phase, text)))
                    && (stageSubject.Count == 0 || label is not null || header is not null
                        || stageSubject.TrueForAll(k => found.Contains(k) || StatesSubject(concepts[k], analyzed, i, heading, title ??= lines.Analyze(hit.Document.Title), LeadIn(analyzed, i))))
                    && (!asksYear || dates is null || datedByDocument || dates.Any(d => YearInText().IsMatch(d.Text)))
                    && (money < 0 || found.Contains(money))
                    && (options.Count == 0 || options.Exists(o => StatesOption(found, o.K, o.Word, text)));
                var strength = (cueMet ? 1 : 0.5) * ordinalFactor * DatePrecisionFactor(dates, asksYear);
                // A yes/no question is answered by what the line itself says, not by its context.
                var confidence = (profile.YesNo ? (coverage + lineShare) / 2 : coverage) * strength;
                // Of two lines that match alike, the one that says more (up to a long sentence) is the better quote.
                var says = WordCount(text, 40) / 40.0;
                // Ties go to lines whose words stand together as in the question ("expert working group") and
                // to lines in a section or document about the question's subject rather than a passing mention.
                about ??= About(concepts, near, framed) / total;
                var score = (coverage + 0.3 * lineShare) * strength + 0.05 * (together ?? 0) + 0.05 * about.Value + 0.05 * (maxHit > 0 ? hit.Score / maxHit : 0) + 0.01 * says;
                if (focus is not null && partnersInLine.Contains(focus))
                {
                    score += 0.1;
                }
                if (PassageBuilder.LooksLikeHeading(line.Text) && label is null && line.Text == hit.Document.Title && !datedByDocument)
                {
                    // The headline repeats the title: the body says it better.
                    score -= 0.15;
                }
                result.Add(new Evidence(hit.Passage, hit.Document, label is null ? i : i - 1, text, score, Math.Min(1, confidence), coverage, lineShare, cueMet, inLine, partnersInLine)
                {
                    LastIndex = i,
                    Facts = facts,
                    DatedByReport = datedByDocument,
                    Line = label is null ? line : null,
                }.WithDates(dates));
            }
        }
    }

    /// <summary>
    /// Whether some concept is credited to the line itself: stated in it, its label, or — for a
    /// table row or a line that continues another — its column header or the line it continues.
    /// Exactly when <see cref="ScoreHit"/> finds a concept for the line.
    /// </summary>
    private static bool StatesAny(IReadOnlyList<Concept> concepts, AnalyzedLine line, AnalyzedLine? label, AnalyzedLine? header, AnalyzedLine? continues)
    {
        foreach (var concept in concepts)
        {
            if (Credit(concept, line) > 0
                || (label is not null && Credit(concept, label) > 0)
                || (header is not null && Credit(concept, header) > 0)
                || (continues is not null && Credit(concept, continues) > 0))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Words as <c>Split(' ', RemoveEmptyEntries)</c> counts them, without making them.</summary>
    internal static int WordCount(string text) => WordCount(text, int.MaxValue);

    /// <summary>
    /// <see cref="WordCount(string)"/>, but at most <paramref name="atMost"/>: reading stops there
    /// (the callers ask whether a line has at most two or four words, or up to forty).
    /// </summary>
    internal static int WordCount(string text, int atMost)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                inWord = false;
            }
            else if (!inWord)
            {
                if (count == atMost)
                {
                    return count;
                }
                inWord = true;
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Whether some line of the context <see cref="Near"/> made credits concept <paramref name="k"/>.
    /// Its first two lines are the hit's section heading and its document's opening, the same for
    /// every line of the hit: whether they credit the concept is worked out once per hit.
    /// </summary>
    private static bool InNear(int k, Concept concept, List<AnalyzedLine> near, sbyte[] framed)
    {
        if (IsFramed(k, concept, near, framed))
        {
            return true;
        }
        for (var j = 2; j < near.Count; j++)
        {
            if (Credit(concept, near[j]) > 0)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsFramed(int k, Concept concept, List<AnalyzedLine> near, sbyte[] framed)
    {
        if (framed[k] == 0)
        {
            framed[k] = Credit(concept, near[0]) > 0 || Credit(concept, near[1]) > 0 ? (sbyte)1 : (sbyte)-1;
        }
        return framed[k] > 0;
    }

    /// <summary>The weight of the concepts the hit's section heading or document opening credits, in concept order.</summary>
    private static double About(IReadOnlyList<Concept> concepts, List<AnalyzedLine> near, sbyte[] framed)
    {
        double sum = 0;
        for (var k = 0; k < concepts.Count; k++)
        {
            if (IsFramed(k, concepts[k], near, framed))
            {
                sum += concepts[k].Weight;
            }
        }
        return sum;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\|)\s+(?=\|)")]
    private static partial System.Text.RegularExpressions.Regex RowBreak();

    /// <summary>
    /// The candidates of one sentence: the sentence itself, or — for a table flattened into one
    /// line — each row, read with the header row and the text before the table as its context.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:He|She|It|They|This|These|Their|His|Her|Its)\b")]
    private static partial System.Text.RegularExpressions.Regex Continuation();

    // "This digital partnership is …": a demonstrative with its noun, up to the verb.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:This|These|That|Those)\s+(?<noun>(?:[\p{L}\-]+\s+){1,4}?)(?:is|was|are|were|will|would|has|have|had|can|could|may|might|should|must)\b")]
    private static partial System.Text.RegularExpressions.Regex DemonstrativeNoun();

    /// <summary>
    /// Whether a line that opens with a pronoun or demonstrative speaks of what the line before it
    /// speaks of. "It", "He", "This is …" do; "This digital partnership is …" names its own subject,
    /// and continues the line before only when that line names it too: otherwise the words of the
    /// line before (a trade agreement's) would be credited to a line about something else.
    /// </summary>
    internal static bool RefersBack(string line, string previous)
    {
        var m = DemonstrativeNoun().Match(line);
        if (!m.Success)
        {
            return true;
        }
        var head = m.Groups["noun"].Value.Trim().Split(' ')[^1].ToLowerInvariant();
        head = head.Length > 3 && head.EndsWith('s') ? head[..^1] : head;
        return previous.Contains(head, StringComparison.OrdinalIgnoreCase);
    }

    private static readonly List<AnalyzedLine> NoContext = [];

    /// <remarks>Filled into <paramref name="units"/> (the thread's scratch list), not yielded: an iterator per line was an allocation for every line an answer reads.</remarks>
    private List<(AnalyzedLine Line, AnalyzedLine? Header, List<AnalyzedLine> Context)> Units(AnalyzedLine sentence, List<(AnalyzedLine Line, AnalyzedLine? Header, List<AnalyzedLine> Context)> units)
    {
        units.Clear();
        var first = sentence.Text.IndexOf('|', StringComparison.Ordinal);
        if (first < 0 || sentence.Text.Count(c => c == '|') < 6)
        {
            units.Add((sentence, null, NoContext));
            return units;
        }
        var rows = RowBreak().Split(sentence.Text[first..]).Where(r => r.Trim('|', '-', ' ', ':').Length > 0).ToList();
        var context = new List<AnalyzedLine> { lines.Analyze(rows[0]) };
        if (first > 0)
        {
            context.Add(lines.Analyze(sentence.Text[..first]));
        }
        if (first > 0)
        {
            units.Add((lines.Analyze(sentence.Text[..first].Trim()), null, NoContext));
        }
        foreach (var row in rows)
        {
            units.Add((lines.Analyze(row), context[0], context));
        }
        return units;
    }

    /// <summary>The EU or Korea, when the question names that one alone ("the EU AI Act", "Korea's Basic Act").</summary>
    private static string? OnlyPartner(QuestionProfile profile) =>
        profile.Partners.Count == 1 && profile.Partners.First() is Partners.Eu or Partners.Korea ? profile.Partners.First() : null;

    // What money is called in a question: a budget, funding, an investment, a cost.
    private static readonly string[] MoneyStems = ["budget", "fund", "invest", "cost", "monei", "spend", "spent", "financ"];

    /// <summary>The concept that says what sum a "how much" question asks for ("budget", "investment"), or -1.</summary>
    private static int MoneyConcept(IReadOnlyList<Concept> concepts)
    {
        for (var k = 0; k < concepts.Count; k++)
        {
            if (concepts[k].Main && concepts[k].Forms.Count > 0 && concepts[k].Forms[0] is [var stem] && MoneyStems.Any(m => stem.StartsWith(m, StringComparison.Ordinal)))
            {
                return k;
            }
        }
        return -1;
    }

    /// <summary>
    /// What a "when was X signed / launched / concluded" question dates the stage of: its main
    /// concepts other than the stage and the partners ("digital", "trade", "agreement" of "when was
    /// the EU-Korea digital trade agreement signed?").
    /// </summary>
    internal List<int> StageSubject(IReadOnlyList<Concept> concepts, EventPhase asked)
    {
        var subject = new List<int>();
        for (var k = 0; k < concepts.Count; k++)
        {
            var concept = concepts[k];
            if (concept.Main && (concept.Forms.Count > 0 || concept.HangulForms.Count > 0) && !EventPhases.States(asked, concept.Label)
                && !concept.Forms.Any(f => EventPhases.States(asked, string.Join(" ", f))) && lines.Analyze(concept.Label).Partners.Count == 0)
            {
                subject.Add(k);
            }
        }
        return subject;
    }

    /// <summary>
    /// The subject of the stage asked about ("when was the digital trade agreement signed?": trade)
    /// is named where it frames the line when the line itself does not name it: the sentence the
    /// line continues, its section heading, the document's title or its list lead-in. Named only
    /// further off (the page's opening, another paragraph), the line's date belongs to whatever
    /// the line speaks of: "the bilateral Framework Agreement signed in 2010" in a page that also
    /// mentions a trade agreement, or "This digital partnership …" after a sentence on one. (A
    /// "Label: value" line or a table row has no subject of its own: it is its document's.)
    /// </summary>
    private static bool StatesSubject(Concept subject, AnalyzedLine[] analyzed, int i, AnalyzedLine heading, AnalyzedLine title, AnalyzedLine? leadIn) =>
        Credit(subject, heading) > 0 || Credit(subject, title) > 0 || leadIn is not null && Credit(subject, leadIn) > 0
        || i > 0 && RefersBack(analyzed[i].Text, analyzed[i - 1].Text) && Credit(subject, analyzed[i - 1]) > 0;

    /// <summary>The partner the question is mostly about: the first one it names, when it names one.</summary>
    private static string? FocusPartner(QuestionProfile profile)
    {
        var question = profile.Question;
        var first = profile.Partners.Select(p => (p, At: IndexOfPartner(question, p))).Where(x => x.At >= 0).OrderBy(x => x.At).FirstOrDefault();
        // One partner named ("한국 AI 기본법", "Korea's AI act") in a document that sets two side by side: that one.
        return profile.Partners.Count >= 2 ? first.p : profile.Partners.Count == 1 ? profile.Partners.First() : null;
    }

    private static int IndexOfPartner(string question, string partner)
    {
        var lower = question.ToLowerInvariant();
        return partner switch
        {
            Partners.Korea => new[] { lower.IndexOf("korea", StringComparison.Ordinal), question.IndexOf("ROK", StringComparison.Ordinal), question.IndexOf('한') }.Where(i => i >= 0).DefaultIfEmpty(-1).Min(),
            Partners.Eu => new[] { question.IndexOf("EU", StringComparison.OrdinalIgnoreCase), lower.IndexOf("europe", StringComparison.Ordinal) }.Where(i => i >= 0).DefaultIfEmpty(-1).Min(),
            _ => -1,
        };
    }

    /// <summary>
    /// Each line's label, paired from the bottom up: in a run of short lines ("Submission type",
    /// "single-stage", "Budget", "€10,000,000") a value is never also the label of the label after
    /// it, and a heading over the run ("Key facts") labels nothing whose line is already a label.
    /// </summary>
    private static (AnalyzedLine?[] Of, bool[] IsLabel) Labels(AnalyzedLine[] analyzed)
    {
        var of = new AnalyzedLine?[analyzed.Length];
        var isLabel = new bool[analyzed.Length];
        for (var i = analyzed.Length - 1; i > 0; i--)
        {
            if (!isLabel[i] && LabelOf(analyzed, i) is { } label)
            {
                of[i] = label;
                isLabel[i - 1] = true;
            }
        }
        return (of, isLabel);
    }

    /// <summary>A short label line ("Deadline", "Budget") right before a value line: the pair is one fact.</summary>
    private static AnalyzedLine? LabelOf(AnalyzedLine[] analyzed, int i)
    {
        if (i == 0)
        {
            return null;
        }
        var previous = analyzed[i - 1];
        // Cheapest tests first: every line of every passage an answer reads is asked, and most end
        // with a full stop; counting words and looking for digits reads the whole line.
        return PassageBuilder.LooksLikeHeading(previous.Text) && !previous.Text.StartsWith('|') && analyzed[i].Text.Length <= 120
            && PassageBuilder.LooksLikeHeading(analyzed[i].Text) && WordCount(previous.Text, 5) <= 4 && !previous.Text.Any(char.IsDigit)
            ? previous
            : null;
    }

    /// <summary>
    /// Every name the question asks about ("6G", "Horizon Europe", "DTA") is named by the line, its
    /// context or at least its document: a budget or a date found only beside the question's other
    /// words belongs to whatever the line's document is about.
    /// </summary>
    private static bool NamesTheSubject(IReadOnlyList<Concept> concepts, List<int> found, List<AnalyzedLine> near, DocumentContext document, sbyte[] inDocument, sbyte[] framed)
    {
        for (var k = 0; k < concepts.Count; k++)
        {
            var concept = concepts[k];
            if (!concept.Name || !concept.Main || found.Contains(k) || InNear(k, concept, near, framed))
            {
                continue;
            }
            if (inDocument[k] == 0)
            {
                inDocument[k] = InDocument(concept, document) ? (sbyte)1 : (sbyte)-1;
            }
            if (inDocument[k] < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The line (with its label or table header), its section heading or the list lead-in it belongs to states the stage asked about.</summary>
    private static bool StatesEvent(EventPhase phase, string text, AnalyzedLine? header, AnalyzedLine heading, AnalyzedLine? leadIn) =>
        EventPhases.States(phase, text)
        || header is not null && EventPhases.States(phase, header.Text)
        || EventPhases.States(phase, heading.Text)
        || leadIn is not null && EventPhases.States(phase, leadIn.Text);

    /// <summary>The nearest line before <paramref name="i"/> (up to eight back) that ends with ':', which introduces it.</summary>
    internal static AnalyzedLine? LeadIn(AnalyzedLine[] analyzed, int i)
    {
        for (var j = i - 1; j >= 0 && j >= i - 8; j--)
        {
            if (analyzed[j].Text.EndsWith(':'))
            {
                return analyzed[j];
            }
        }
        return null;
    }

    /// <summary>The context a line is read in: list lead-in, table header, previous line, heading, document opening.</summary>
    private static void Near(List<AnalyzedLine> near, AnalyzedLine[] analyzed, int i, AnalyzedLine? label, AnalyzedLine heading, AnalyzedLine lead)
    {
        near.Clear();
        near.Add(heading);
        near.Add(lead);
        if (i > 0 && label is null)
        {
            near.Add(analyzed[i - 1]);
        }
        if (LeadIn(analyzed, i) is { } leadIn)
        {
            near.Add(leadIn);
        }
        if (analyzed[i].Text.StartsWith('|'))
        {
            var j = i;
            while (j > 0 && analyzed[j - 1].Text.StartsWith('|'))
            {
                j--;
            }
            near.Add(analyzed[j]);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:19|20)\d{2}")]
    private static partial System.Text.RegularExpressions.Regex YearInText();

    // "What year was it signed?", "몇 년에": a date without its year ("on July 17") does not answer.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(?:what|which)\s+year\b|몇\s?년")]
    private static partial System.Text.RegularExpressions.Regex WhatYear();

    /// <summary>
    /// Of the pairs of concepts that stand next to each other in the question and both occur in
    /// the line, the share that also stand close together in the line (within three terms); null
    /// when no such pair occurs.
    /// </summary>
    private static double? Together(List<Concept> ordered, AnalyzedLine line)
    {
        int pairs = 0, close = 0;
        for (var k = 0; k + 1 < ordered.Count; k++)
        {
            var a = PositionIn(ordered[k], line);
            var b = PositionIn(ordered[k + 1], line);
            if (a is null || b is null)
            {
                continue;
            }
            pairs++;
            if (Math.Abs(b.Value - a.Value) <= 3)
            {
                close++;
            }
        }
        return pairs == 0 ? null : close / (double)pairs;
    }

    /// <summary>The question's main concepts with forms, in question order (what <see cref="Together"/> pairs up).</summary>
    private static List<Concept> SideBySide(IReadOnlyList<Concept> concepts) =>
        concepts.Where(c => c.Main && c.Forms.Count > 0).OrderBy(c => c.Position).ToList();

    private static int? PositionIn(Concept concept, AnalyzedLine line)
    {
        var terms = line.Terms;
        foreach (var form in concept.Forms)
        {
            if (form.Count > 0 && !line.HasStem(form[0]))
            {
                continue;
            }
            for (var i = 0; i + form.Count <= terms.Count; i++)
            {
                var j = 0;
                while (j < form.Count && SentenceScorer.SameStem(terms[i + j], form[j]))
                {
                    j++;
                }
                if (j == form.Count)
                {
                    return i;
                }
            }
        }
        return null;
    }

    /// <summary>"When" wants the day: a line that dates the event only to the month or year is a little weaker.</summary>
    /// <param name="dates">The line's dates; null when the question does not ask "when".</param>
    /// <param name="asksYear">"What year …?": a year is all that is asked.</param>
    private static double DatePrecisionFactor(IReadOnlyList<DateSpan>? dates, bool asksYear)
    {
        if (dates is null || asksYear && dates.Count > 0 && YearInText().IsMatch(dates[0].Text))
        {
            return 1;
        }
        return dates.Count == 0 ? 1 : dates[0].Precision switch
        {
            // "on the 25th" needs the document to say which month and year; "25 March 2024" says it all.
            DatePrecision.Day => YearInText().IsMatch(dates[0].Text) ? 1 : 0.97,
            DatePrecision.Month => 0.95,
            _ => 0.9,
        };
    }

    /// <summary>1 when the question names no ordinal or the line (else its context) names the same one; 0 when it names another.</summary>
    private static double OrdinalFactor(int? asked, IReadOnlySet<int> inLine, List<AnalyzedLine> near, AnalyzedLine line, AnalyzedLine[] page)
    {
        if (asked is not { } n)
        {
            return 1;
        }
        if (inLine.Count > 0)
        {
            // A line about the first and the second council is weaker evidence about either.
            return !inLine.Contains(n) ? 0 : inLine.Count == 1 ? 1 : 0.85;
        }
        if (Ordinals.ImpliedByNext(line.Text, page.Select(l => l.Text)) is { } next)
        {
            // "The next council …" on a page that names only the first is about the second.
            return next == n ? 1 : 0;
        }
        var context = near.SelectMany(l => l.Ordinals).ToHashSet();
        return context.Count == 0 ? 0.75 : context.Contains(n) ? 1 : 0;
    }

    internal static double Credit(Concept concept, AnalyzedLine line)
    {
        for (var f = 0; f < concept.Forms.Count; f++)
        {
            if (ContainsSequence(line, concept.Forms[f]))
            {
                return f == 0 ? 1 : SynonymCredit;
            }
        }
        for (var f = 0; f < concept.HangulForms.Count; f++)
        {
            if (line.Compact.Contains(concept.HangulForms[f], StringComparison.Ordinal))
            {
                return concept.Forms.Count == 0 && f == 0 ? 1 : SynonymCredit;
            }
        }
        return 0;
    }

    private static bool InDocument(Concept concept, DocumentContext document) =>
        concept.Forms.Any(f => f.All(document.HasTerm)) || concept.HangulForms.Any(document.HasCompact);

    private static bool ContainsSequence(AnalyzedLine line, IReadOnlyList<string> form)
    {
        if (form.Count > 0 && !line.HasStem(form[0]))
        {
            return false;
        }
        var terms = line.Terms;
        for (var i = 0; i + form.Count <= terms.Count; i++)
        {
            var j = 0;
            while (j < form.Count && SentenceScorer.SameStem(terms[i + j], form[j]))
            {
                j++;
            }
            if (j == form.Count)
            {
                return true;
            }
        }
        return false;
    }
}
