using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Answers;

/// <summary>
/// Answers from the index: understand the question (chat forms, typos, Korean particles, the
/// subject), retrieve passages, score every line with its context, and open the reply with the
/// direct answer taken from the best line, then the cited lines that support it. "Next" and
/// "latest" questions are answered from the dated events of the evidence. Declines when the
/// evidence covers too little of the question, is about another partner, or cannot know (today).
/// </summary>
public sealed partial class AnswerEngine : IAnswerEngine
{
    public const string NotFoundText = "I couldn't find that in the partnership documents.";

    private readonly KnowledgeBase _knowledge;
    private readonly TimeProvider _time;
    private readonly AnswerOptions _options;
    private readonly QuestionProfiler _profiler;
    private readonly IPassageRetriever _retrieval;
    private readonly EvidenceScorer _scorer;
    private readonly LineAnalyzer _lines;
    private readonly KoreanNames _names;
    private volatile TopicCache? _topics;
    private volatile VocabularyCache? _vocabulary;

    public AnswerEngine(KnowledgeBase knowledge, TimeProvider time, IOptions<AnswerOptions> options)
    {
        _knowledge = knowledge;
        _time = time;
        _options = options.Value;
        var glossary = Synonyms.Load(Path.GetFullPath(_options.GlossaryPath, AppContext.BaseDirectory));
        var partners = Partners.Load(Path.GetFullPath(_options.PartnersPath, AppContext.BaseDirectory));
        _profiler = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf, glossary, partners, Correct);
        _names = new KoreanNames(glossary);
        _retrieval = knowledge.Retrieval;
        _lines = new LineAnalyzer(knowledge, partners);
        _scorer = new EvidenceScorer(_lines, IsCommonWord);
    }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        await _knowledge.WhenReady.WaitAsync(cancellationToken);
        var started = _time.GetTimestamp();
        var answer = Answer(request);
        return answer with { Elapsed = _time.GetElapsedTime(started), DocumentsSearched = _knowledge.Documents.Count };
    }

    /// <summary>
    /// The one place answers retrieve passages: BM25 over the question's concepts fused with the
    /// passages nearest to the question's embedding (lexical alone when the semantic layer is off
    /// or its vectors are not ready).
    /// </summary>
    private IReadOnlyList<RankedPassage> Retrieve(QuestionProfile profile, int maxHits) =>
        _retrieval.Retrieve(profile, maxHits, hit => _scorer.Prepare(profile, hit));

    private Answer Answer(AskRequest request)
    {
        var question = request.Question.Trim();
        if (question.Length == 0)
        {
            return Decline(question);
        }
        // What this answer analyses is shared with later answers only if they reach it too.
        using var analyses = _lines.BeginAnswer();
        var profile = _profiler.Profile(question, request.PreviousQuestion);
        if (AboutAnotherPartnership(profile) || profile.Concepts.Count == 0 && profile.ContextConcepts.Count == 0)
        {
            return Decline(question);
        }
        var evidence = _scorer.Score(profile, Retrieve(profile, _options.CandidatePassages));
        if (evidence.Count == 0)
        {
            return Decline(question);
        }
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        // "What is planned for HPC?" asks what, not when: only "when"/"next" questions are answered from the timeline.
        var asksNextDate = profile.AsksNext && (profile.Kinds.Contains(QuestionKind.When) || profile.TemporalTerms.Any(t => t is "next" or "upcoming"));
        var plan = asksNextDate ? NextEvent(evidence, today) : profile.AsksLatest ? LatestEvent(evidence) : null;
        var best = plan?.Lead ?? BodyDated(SaysMost(evidence), evidence);
        // Sources that tell the same event differently: the newer account leads, and both are cited.
        var disagreement = plan is null ? Disagreement.Find(best, evidence, profile.Kinds, IsCommonWord, _names) : null;
        best = disagreement?.Newer ?? best;
        var selected = new List<Evidence> { best };
        if (plan?.Earlier is { } earlier)
        {
            selected.Add(earlier);
        }
        else if (disagreement is not null)
        {
            selected.Add(disagreement.Older);
        }
        else
        {
            selected.AddRange(Supporting(profile, evidence, best));
            // "How many articles does the Act have?": the line with the count of all of them is quoted first, as the opening's [1].
            if (profile.AsksCount && Openings.Count(profile, best, whole: true) is null && selected.FindIndex(e => Openings.Count(profile, e, whole: true) is not null) is var whole and > 0)
            {
                (selected[0], selected[whole]) = (selected[whole], selected[0]);
            }
        }
        var confidence = Confidence(selected);
        if (!NamesTheOffice(profile, best))
        {
            return Decline(question) with { Confidence = Math.Round(confidence, 3) };
        }
        if (confidence < _options.MinConfidence)
        {
            return Decline(question) with { Confidence = Math.Round(confidence, 3) };
        }
        if (profile.AsksToday && best.Document.Date is { } date && date < today.AddDays(-7))
        {
            // "Today" is not something dated documents can tell.
            return Decline(question);
        }
        return Compose(profile, selected, plan, disagreement, confidence, today);
    }

    /// <summary>The question names a partner other than the EU and Korea without naming both of them.</summary>
    private static bool AboutAnotherPartnership(QuestionProfile profile) =>
        profile.Partners.Any(Partners.IsOther) && !(profile.Partners.Contains(Partners.Korea) && profile.Partners.Contains(Partners.Eu));

    /// <summary>
    /// A question for whoever holds a named office ("minister for AI") is answered only by a line
    /// that names the office itself: a line naming some other minister matches most of its words.
    /// </summary>
    private static bool NamesTheOffice(QuestionProfile profile, Evidence best)
    {
        if (!profile.Kinds.Contains(QuestionKind.Who))
        {
            return true;
        }
        var concepts = profile.Concepts.Count > 0 ? profile.Concepts : profile.ContextConcepts;
        return Roles.OfficeConcepts(profile.Question, concepts).All(best.InLine.Contains)
            && Roles.ActConcepts(profile.Question, concepts).All(best.InLine.Contains);
    }

    /// <summary>The cited lines support each other: the answer is as sure as its surest line.</summary>
    private static double Confidence(List<Evidence> selected) => selected.Max(s => s.Confidence);

    /// <summary>
    /// The best line; when another source states the same thing about as well (most words
    /// shared, nearly the same score), the one that says more about it.
    /// </summary>
    private static Evidence SaysMost(List<Evidence> evidence)
    {
        var best = evidence[0];
        return evidence.Skip(1).Take(10)
            .Where(e => e.Score >= best.Score - 0.02 && e.Confidence >= best.Confidence && Overlaps(e, best) && e.Words.Count >= 1.2 * best.Words.Count)
            .OrderByDescending(e => e.Words.Count)
            .FirstOrDefault() ?? best;
    }

    /// <summary>
    /// A headline dated only by its report ("South Korea signs … Agreement") yields to a line of the
    /// same report that states the stage with its own date ("… a signing ceremony was held … on
    /// July 17"): the day the event happened, not the day it was reported.
    /// </summary>
    private static Evidence BodyDated(Evidence best, List<Evidence> evidence)
    {
        if (!best.DatedByReport)
        {
            return best;
        }
        return evidence.Take(10).FirstOrDefault(e => !ReferenceEquals(e, best) && !e.DatedByReport && e.CueMet
            && e.Document.Id == best.Document.Id && e.Confidence >= 0.9 * best.Confidence) ?? best;
    }

    [GeneratedRegex(@"(?i)\b(?:compared?|comparison|versus|vs\.?|than|like the|unlike|differ|difference|both)\b")]
    private static partial Regex Comparison();

    /// <summary>
    /// Lines that add to the best one: another concept of the question stated in the line itself,
    /// the kind of fact the best line lacks, or — for comparisons — the other side.
    /// </summary>
    private IEnumerable<Evidence> Supporting(QuestionProfile profile, List<Evidence> evidence, Evidence best)
    {
        var concepts = profile.Concepts.Count > 0 ? profile.Concepts : profile.ContextConcepts;
        var selected = new List<Evidence> { best };
        var covered = new HashSet<int>(best.InLine);
        var cueMet = best.CueMet;
        var compares = Comparison().IsMatch(profile.Question) && profile.Partners.Count >= 2;
        var sides = new HashSet<string>(best.Partners);
        // What a comparison compares (the fines, the bans): the weightiest concept the best line states.
        var attribute = best.InLine.OrderByDescending(k => concepts[k].Weight).DefaultIfEmpty(-1).First();
        // A comparison first gets the other side's line on the same attribute; a "what" question whose topic the
        // best line names in passing first gets the items its document lists under that topic.
        var items = profile.Kinds.Count == 0 && !profile.YesNo ? ItemsUnderTopic(concepts, evidence, best) : new HashSet<object>(ReferenceEqualityComparer.Instance);
        var ordered = evidence.Skip(1).Take(40)
            .OrderByDescending(c => compares && c.Partners.Any(p => profile.Partners.Contains(p) && !sides.Contains(p)) && c.InLine.Contains(attribute))
            .ThenByDescending(items.Contains)
            .ToList();
        foreach (var candidate in ordered)
        {
            if (selected.Count >= _options.MaxSentences)
            {
                break;
            }
            if (candidate.Confidence < 0.6 * best.Confidence)
            {
                continue;
            }
            var addsConcept = candidate.InLine.Any(k => !covered.Contains(k) && concepts[k].Main) && candidate.Score >= 0.75 * best.Score;
            var mayAddKind = !cueMet && candidate.Document == best.Document && candidate.Score >= 0.6 * best.Score;
            var addsSide = compares && candidate.Score >= 0.5 * best.Score && profile.Partners.Any(p => candidate.Partners.Contains(p) && !sides.Contains(p))
                && (attribute < 0 || candidate.InLine.Contains(attribute));
            var addsItem = items.Contains(candidate);
            // Asked only of a line that would add something: the overlap test needs the line's
            // words, and building them for each of forty candidates was most of this loop's time.
            if (!(addsConcept || mayAddKind || addsSide || addsItem) || selected.Any(s => Overlaps(s, candidate)))
            {
                continue;
            }
            var addsKind = mayAddKind && Cues.Meet(profile, string.Join(" ", selected.Select(s => s.Text).Append(candidate.Text)), best.Document);
            if (addsConcept || addsKind || addsSide || addsItem)
            {
                selected.Add(candidate);
                covered.UnionWith(candidate.InLine);
                cueMet |= addsKind;
                sides.UnionWith(candidate.Partners);
            }
        }
        return selected.Skip(1);
    }

    /// <summary>
    /// Lines of the best line's document listed under a lead-in that names a topic of the question
    /// the best line states ("Cooperation in semiconductors:" over its items, when the best line
    /// only says the two sides will work on "semiconductors, AI, 5G, …"): what was agreed on the
    /// topic, not only that it was a topic.
    /// </summary>
    private HashSet<object> ItemsUnderTopic(IReadOnlyList<Concept> concepts, List<Evidence> evidence, Evidence best)
    {
        // By reference: an Evidence caches its dates, and a record's hash follows its fields.
        var items = new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (LeadInOf(best) is not null)
        {
            // The best line is an item itself.
            return items;
        }
        foreach (var candidate in evidence.Skip(1).Take(40))
        {
            if (candidate.Document.Id != best.Document.Id || LeadInOf(candidate) is not { } leadIn)
            {
                continue;
            }
            if (best.InLine.Any(k => candidate.InLine.Contains(k) && EvidenceScorer.Credit(concepts[k], leadIn) > 0))
            {
                items.Add(candidate);
            }
        }
        return items;
    }

    private AnalyzedLine? LeadInOf(Evidence e)
    {
        var analyzed = _lines.Lines(e.Passage);
        return e.Index < analyzed.Length && e.Index == e.LastIndex ? EvidenceScorer.LeadIn(analyzed, e.Index) : null;
    }

    private static bool Overlaps(Evidence a, Evidence b)
    {
        if (a.Passage.Id == b.Passage.Id && a.Index <= b.LastIndex && b.Index <= a.LastIndex)
        {
            return true;
        }
        var (fewer, more) = a.Words.Count <= b.Words.Count ? (a.Words, b.Words) : (b.Words, a.Words);
        var common = 0;
        foreach (var word in fewer)
        {
            if (more.Contains(word))
            {
                common++;
            }
        }
        return common >= 0.6 * fewer.Count;
    }

    /// <summary>How the answer is framed in time: an announced next event, none announced, or the latest one.</summary>
    private sealed record Timeline(Evidence Lead, Evidence? Earlier, TimelineKind Kind);

    private enum TimelineKind
    {
        Announced,
        NoneAnnounced,
        PlanPassed,
        Latest,
    }

    private static bool IsPlan(string text) => SentenceCues.IsPlanned(text);

    /// <summary>The line reports an event: it says it happened, or dates it to the month or day.</summary>
    private static bool Reports(Evidence e) =>
        SentenceCues.IsHappened(e.Text) || SentenceCues.IsKoreanHappened(e.Text)
        || e.Dates.Any(d => d.Precision > DatePrecision.Year);

    /// <summary>Evidence about the same kind of event as the best line, strong enough to be compared by date.</summary>
    private static List<Evidence> EventPool(List<Evidence> evidence)
    {
        var top = evidence.Take(10).Max(e => e.Confidence);
        return evidence.Take(40).Where(e => e.Confidence >= 0.8 * top && e.EventDate is not null).ToList();
    }

    private static Timeline? NextEvent(List<Evidence> evidence, DateOnly today)
    {
        var pool = EventPool(evidence);
        var plans = Plans(pool);
        var future = pool.Where(e => plans.Contains(e) && e.EventDate > today).OrderBy(e => e.EventDate).FirstOrDefault();
        var happened = pool.Where(e => !plans.Contains(e) && e.EventDate <= today && Reports(e)).OrderByDescending(e => e.EventDate).ThenByDescending(e => e.Score).FirstOrDefault();
        var passedPlan = pool.Where(e => plans.Contains(e) && e.EventDate <= today).OrderByDescending(e => e.Document.Date).ThenByDescending(e => e.Score).FirstOrDefault();
        if (future is not null)
        {
            return new Timeline(future, happened, TimelineKind.Announced);
        }
        if (happened is not null)
        {
            // The old plan belongs in the answer only when the latest event is what became of it (no event came between).
            var earlier = passedPlan is not null && passedPlan.EventDate <= happened.EventDate && !Overlaps(passedPlan, happened)
                && !pool.Any(e => e != happened && !plans.Contains(e) && Reports(e) && e.EventDate > Min(passedPlan.EventDate, passedPlan.Document.Date) && e.EventDate < happened.EventDate)
                ? passedPlan
                : null;
            return new Timeline(happened, earlier, TimelineKind.NoneAnnounced);
        }
        return passedPlan is null ? null : new Timeline(passedPlan, null, TimelineKind.PlanPassed);
    }

    /// <summary>The lines of the pool that state a plan, each read once.</summary>
    private static HashSet<Evidence> Plans(List<Evidence> pool) => pool.Where(e => IsPlan(e.Text)).ToHashSet<Evidence>(ReferenceEqualityComparer.Instance);

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static Timeline? LatestEvent(List<Evidence> evidence)
    {
        var latest = EventPool(evidence).Where(e => !IsPlan(e.Text) && Reports(e)).OrderByDescending(e => e.EventDate).ThenByDescending(e => e.Score).FirstOrDefault();
        return latest is null ? null : new Timeline(latest, null, TimelineKind.Latest);
    }

    private Answer Compose(QuestionProfile profile, List<Evidence> selected, Timeline? timeline, Disagreement? disagreement, double confidence, DateOnly today)
    {
        var citations = new List<Citation>();
        var quoted = new HashSet<(string, int)>();
        var quotes = new List<(string Quote, int N)>();
        foreach (var evidence in selected)
        {
            if (!quoted.Add((evidence.Passage.Id, evidence.Index)))
            {
                continue;
            }
            var quote = QuoteFor(evidence, quoted);
            var n = citations.Count + 1;
            citations.Add(new Citation(n, evidence.Document.Id, evidence.Document.Title, evidence.Document.Date, evidence.Document.Url, quote));
            quotes.Add((quote, n));
            if (FootnoteOf(evidence, quote) is { } note && quoted.Add((note.Passage, note.Index)))
            {
                citations.Add(new Citation(n + 1, evidence.Document.Id, evidence.Document.Title, evidence.Document.Date, evidence.Document.Url, note.Text));
                quotes.Add((note.Text, n + 1));
            }
        }

        var text = new StringBuilder();
        // The newer source says it is still pending: that is the answer, whatever the older one reported.
        var opening = disagreement?.Kind == DisagreementKind.Status && disagreement.Newer.Status == EventStatus.Pending
            ? (profile.Korean ? "아직 아닙니다 [1]" : "Not yet [1]")
            : Openings.For(profile, selected, timeline is null ? null : (int)timeline.Kind, Noun(profile), IsCommonWord, _names);
        if (opening.Length > 0 && !OpeningNumbers.StandInQuotes(opening, citations.Select(c => (c.Quote, c.Date)).ToList()))
        {
            // A number the quotes do not state (even written another way) is no answer: the quotes speak alone.
            opening = "";
        }
        if (opening.Length > 0)
        {
            text.Append(opening).Append(": ");
        }
        for (var i = 0; i < quotes.Count; i++)
        {
            if (i > 0)
            {
                text.Append(i == 1 && timeline?.Kind == TimelineKind.NoneAnnounced && timeline.Earlier is not null
                    ? (profile.Korean ? " 앞서 예정되었던 일정: " : " Earlier, it had been planned: ")
                    : i == 1 && disagreement is not null ? OlderSourceNote(disagreement.Kind, profile.Korean)
                    : " ");
            }
            text.Append('“').Append(quotes[i].Quote).Append("” [").Append(quotes[i].N).Append(']');
        }
        if (timeline?.Kind == TimelineKind.PlanPassed)
        {
            text.Append(profile.Korean ? " 그 날짜는 지났고, 이후 문서에는 실제로 열렸는지가 나와 있지 않습니다." : " That date has passed, and no newer document in the corpus reports whether it happened.");
        }
        // When sources disagree, their dates show which account is newer.
        if (profile.Temporal || profile.AsksLatest || disagreement is not null)
        {
            var notes = citations.Where(c => c.Date is not null)
                .Select(c => $"[{c.N}] {(profile.Korean ? KoreanPhrases.AgeNote(c.Date!.Value, today) : SourceAge.Note(c.Date!.Value, today))}")
                .ToList();
            if (notes.Count > 0)
            {
                text.Append(" (").Append(string.Join("; ", notes)).Append(')');
            }
        }
        return new Answer(profile.Question, true, text.ToString(), citations, Math.Round(confidence, 3));
    }

    /// <summary>The words between the newer source's quote and the older one's.</summary>
    private static string OlderSourceNote(DisagreementKind kind, bool korean) => (kind, korean) switch
    {
        (DisagreementKind.Date, false) => " An older source gave another date: ",
        (DisagreementKind.Date, true) => " 이전 자료에는 다른 날짜가 나옵니다: ",
        (DisagreementKind.Amount, false) => " An older source gave another amount: ",
        (DisagreementKind.Amount, true) => " 이전 자료에는 다른 금액이 나옵니다: ",
        (DisagreementKind.Place, false) => " An older source named another place: ",
        (DisagreementKind.Place, true) => " 이전 자료에는 다른 장소가 나옵니다: ",
        (DisagreementKind.Names, false) => " An older source named other people: ",
        (DisagreementKind.Names, true) => " 이전 자료에는 다른 사람이 나옵니다: ",
        (_, false) => " An older source said otherwise: ",
        (_, true) => " 이전 자료는 다르게 전했습니다: ",
    };

    /// <summary>What the question calls the event it asks about ("council"), for "no date for the next …".</summary>
    private static string? Noun(QuestionProfile profile) =>
        profile.Korean ? null : profile.Concepts.Where(c => c.Main && c.Forms.Count > 0 && !c.Label.Any(char.IsDigit)).Select(c => c.Label.ToLowerInvariant()).LastOrDefault();

    /// <summary>
    /// The line, joined with the next one of the same passage when it is only a lead-in (short, or
    /// ending with ':'), so the quote states the fact. Joined text is checked against the
    /// document's cleaned text so the quote stays verbatim.
    /// </summary>
    private string QuoteFor(Evidence e, HashSet<(string, int)> quoted)
    {
        var sentence = e.Text;
        var next = e.LastIndex + 1;
        var isLeadIn = sentence.EndsWith(':') || sentence.Split(' ').Length < 12 && !PassageBuilder.LooksLikeHeading(sentence) && !sentence.Any(char.IsDigit);
        if (!isLeadIn || next >= e.Passage.Sentences.Count || quoted.Contains((e.Passage.Id, next)))
        {
            return sentence;
        }
        var joined = sentence + " " + e.Passage.Sentences[next];
        if (_knowledge.CleanTextContains(e.Document.Id, joined) != true)
        {
            return sentence;
        }
        quoted.Add((e.Passage.Id, next));
        return joined;
    }

    /// <summary>
    /// "the eleven areas of cooperation*" points to the note under its paragraph ("* ▲Collaborative
    /// Research, ▲…", read without its list marker, maybe the first line of the next passage): the
    /// note says what the starred words only name or count, so it is quoted after them.
    /// </summary>
    private (string Passage, int Index, string Text)? FootnoteOf(Evidence e, string quote)
    {
        if (!FootnoteMark().IsMatch(quote))
        {
            return null;
        }
        var (passage, index) = (e.Passage, e.LastIndex + 1);
        if (index >= passage.Sentences.Count)
        {
            var passages = _knowledge.PassagesOf(e.Document.Id);
            var at = passages.ToList().FindIndex(p => p.Id == passage.Id);
            if (at < 0 || at + 1 >= passages.Count || passages[at + 1].Sentences.Count == 0)
            {
                return null;
            }
            (passage, index) = (passages[at + 1], 0);
        }
        var text = passage.Sentences[index];
        return text.TrimStart() is ['*' or '▲' or '※', ..] && _knowledge.CleanTextContains(e.Document.Id, text) == true ? (passage.Id, index, text) : null;
    }

    // A footnote mark: a star right after a word or a closing bracket ("협력 과제*", "cooperation*"), not a bullet or "**".
    [GeneratedRegex(@"(?<=[\p{L}\p{N})\]’'」])\*(?![*\p{L}\p{N}])")]
    private static partial Regex FootnoteMark();

    /// <summary>A word of the question the corpus does not have, replaced by the closest corpus word (or null).</summary>
    private string? Correct(string word)
    {
        var vocabulary = VocabularyOf(_knowledge.Documents);
        if (vocabulary.Contains(word))
        {
            return null;
        }
        var terms = _knowledge.Analysis.EnglishTerms(word);
        if (terms.Count != 1 || Known(terms[0]))
        {
            return null;
        }
        return vocabulary.Correct(word);
    }

    private bool IsCommonWord(string word) => VocabularyOf(_knowledge.Documents).SeenLowercase(word);

    /// <summary>The term occurs in at least one passage.</summary>
    private bool Known(string term)
    {
        var n = Math.Max(1, _knowledge.Snapshot.PassageCount);
        return _knowledge.Statistics.Idf(term) < Math.Log(1 + (n + 0.5) / 0.5) - 1e-9;
    }

    private Vocabulary VocabularyOf(IReadOnlyList<DocumentInfo> documents)
    {
        if (_vocabulary is { } cached && ReferenceEquals(cached.Documents, documents))
        {
            return cached.Vocabulary;
        }
        var vocabulary = new Vocabulary(documents.Select(d => d.Title + " " + (_knowledge.CleanTextOf(d.Id) ?? "")));
        _vocabulary = new VocabularyCache(documents, vocabulary);
        return vocabulary;
    }

    private Answer Decline(string question) => Declined(question, SuggestedTopics());

    /// <summary>
    /// The refusal, with the topics it can answer about in its own text: renderers show the text
    /// as it is and never list the topics again. A question written in Korean is refused in Korean.
    /// </summary>
    public static Answer Declined(string question, IReadOnlyList<string> topics)
    {
        var text = TextNormalizer.HasHangul(question) ? KoreanPhrases.NotFound(topics)
            : topics.Count == 0 ? NotFoundText
            : $"{NotFoundText} I can answer questions about: {string.Join(", ", topics)}.";
        return Answers.Answer.NotFound(question, text, topics);
    }

    private List<string> SuggestedTopics()
    {
        var documents = _knowledge.Documents;
        if (_topics is { } cached && ReferenceEquals(cached.Documents, documents))
        {
            return cached.Topics;
        }
        var topics = ComputeTopics(documents);
        _topics = new TopicCache(documents, topics);
        return topics;
    }

    private static List<string> ComputeTopics(IReadOnlyList<DocumentInfo> documents)
    {
        var topics = documents.SelectMany(d => d.Topics)
            .GroupBy(t => t, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Take(8)
            .ToList();
        return topics.Count > 0 ? topics : documents.Take(5).Select(d => d.Title).ToList();
    }

    /// <summary>Suggested topics of one snapshot's document list (recomputed when the list changes).</summary>
    private sealed record TopicCache(IReadOnlyList<DocumentInfo> Documents, List<string> Topics);

    /// <summary>The corpus vocabulary of one snapshot's document list.</summary>
    private sealed record VocabularyCache(IReadOnlyList<DocumentInfo> Documents, Vocabulary Vocabulary);
}
