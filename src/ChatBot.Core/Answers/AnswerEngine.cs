using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Answers;

/// <summary>
/// Answers from the index: retrieve passages, score their sentences, state the best one to three
/// as the answer with a citation each, or decline when the evidence covers too little of the
/// question. Temporal questions get source ages, and a plan reported as done by a newer source
/// is presented as done.
/// </summary>
public sealed class AnswerEngine : IAnswerEngine
{
    public const string NotFoundText = "I couldn't find that in the partnership documents.";

    private readonly KnowledgeBase _knowledge;
    private readonly TimeProvider _time;
    private readonly AnswerOptions _options;
    private readonly QuestionProfiler _profiler;
    private readonly PassageQueryBuilder _queries;
    private readonly SentenceScorer _scorer;
    private volatile TopicCache? _topics;

    public AnswerEngine(KnowledgeBase knowledge, TimeProvider time, IOptions<AnswerOptions> options)
    {
        _knowledge = knowledge;
        _time = time;
        _options = options.Value;
        _profiler = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Idf);
        _queries = new PassageQueryBuilder(knowledge.Analysis);
        _scorer = new SentenceScorer(knowledge);
    }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        await _knowledge.WhenReady.WaitAsync(cancellationToken);
        var started = _time.GetTimestamp();
        var answer = Answer(request);
        return answer with { Elapsed = _time.GetElapsedTime(started), DocumentsSearched = _knowledge.Documents.Count };
    }

    private Answer Answer(AskRequest request)
    {
        var question = request.Question.Trim();
        if (question.Length == 0)
        {
            return Decline(question);
        }
        var profile = _profiler.Profile(question, request.PreviousQuestion);
        var concepts = profile.Concepts.Count > 0 ? profile.Concepts : profile.ContextConcepts;
        if (concepts.Count == 0)
        {
            return Decline(question);
        }
        var query = _queries.Build(profile);
        var hits = _knowledge.Search(query, _options.CandidatePassages);
        var scored = _scorer.Score(profile, concepts, hits);
        if (scored.Count == 0 || scored[0].Matched.Count == 0 && scored[0].TitleMatched.Count == 0)
        {
            return Decline(question);
        }

        var selected = profile.AsksNext ? PlanAndOutcome(scored) : null;
        if (selected is { Count: 1 } && hits.Count >= _options.CandidatePassages)
        {
            // The report of what became of a plan may rank below the top passages: look deeper once.
            var deeper = _scorer.Score(profile, concepts, _knowledge.Search(query, _options.CandidatePassages * 3));
            selected = PlanAndOutcome(deeper) ?? selected;
        }
        selected ??= Select(scored);
        var confidence = Confidence(concepts, selected);
        if (confidence < _options.MinConfidence)
        {
            return Decline(question) with { Confidence = Math.Round(confidence, 3) };
        }
        return Compose(question, profile, selected, confidence);
    }

    /// <summary>The best sentence plus up to two more that score nearly as well and say something else.</summary>
    private List<ScoredSentence> Select(List<ScoredSentence> scored)
    {
        var best = scored[0];
        var selected = new List<ScoredSentence> { best };
        foreach (var candidate in scored.Skip(1))
        {
            if (selected.Count >= _options.MaxSentences || candidate.Score < 0.8 * best.Score)
            {
                break;
            }
            if (candidate.Matched.Count == 0)
            {
                continue;
            }
            var overlapping = selected.FindIndex(s => Overlaps(s, candidate));
            if (overlapping < 0)
            {
                selected.Add(candidate);
            }
            else if (SaysMore(candidate, selected[overlapping]) && candidate.Score >= 0.9 * selected[overlapping].Score
                && !selected.Any(s => s != selected[overlapping] && Overlaps(s, candidate)))
            {
                // Two sources state the same fact; quote the one that says more about it.
                selected[overlapping] = candidate;
            }
        }
        return selected;
    }

    /// <summary>
    /// For "next"/"planned" questions: the best planning sentence, and, when a newer document
    /// reports an event with the same concepts as having happened, that report too.
    /// </summary>
    private static List<ScoredSentence>? PlanAndOutcome(List<ScoredSentence> scored)
    {
        var top = scored[0].Score;
        var plan = scored.FirstOrDefault(s => s.Score >= 0.6 * top && s.Matched.Count > 0 && SentenceCues.IsPlanOnly(s.Text) && AsOf(s) is not null);
        if (plan is null || AsOf(plan) is not { } planDate)
        {
            return null;
        }
        var planYears = SentenceCues.Years(plan.Text).ToList();
        var outcome = scored.FirstOrDefault(s =>
            AsOf(s) is { } date && date > planDate
            && plan.Matched.IsSubsetOf(s.Matched)
            && SentenceCues.IsHappened(s.Text)
            && (planYears.Count == 0 || !SentenceCues.Years(s.Text).Any() || SentenceCues.Years(s.Text).Any(y => y >= planYears.Min())));
        return outcome is null ? [plan] : [plan, outcome];
    }

    /// <summary>When a sentence speaks from: its own leading date (timeline entries), else its document's date.</summary>
    private static DateOnly? AsOf(ScoredSentence s) => SentenceCues.LeadingDate(s.Text) ?? s.Document.Date;

    private static bool Overlaps(ScoredSentence a, ScoredSentence b)
    {
        if (a.Passage.Id == b.Passage.Id && Math.Abs(a.Index - b.Index) == 0)
        {
            return true;
        }
        var wa = Words(a.Text);
        var wb = Words(b.Text);
        var common = wa.Intersect(wb).Count();
        return common >= 0.6 * Math.Min(wa.Count, wb.Count);
    }

    private static bool SaysMore(ScoredSentence candidate, ScoredSentence current) =>
        candidate.Matched.IsSupersetOf(current.Matched) && Words(candidate.Text).Count >= 1.3 * Words(current.Text).Count;

    private static HashSet<string> Words(string text) =>
        text.Split([' ', ',', '.', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet();

    private static double Confidence(IReadOnlyList<Concept> concepts, List<ScoredSentence> selected)
    {
        var covered = new HashSet<int>();
        foreach (var s in selected)
        {
            covered.UnionWith(s.Matched);
            covered.UnionWith(s.TitleMatched);
        }
        var total = concepts.Sum(c => c.Weight);
        return total <= 0 ? 0 : Math.Min(1, covered.Sum(k => concepts[k].Weight) / total);
    }

    private Answer Compose(string question, QuestionProfile profile, List<ScoredSentence> selected, double confidence)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var citations = new List<Citation>();
        var text = new StringBuilder();
        var quoted = new HashSet<(string, int)>();
        var planAndOutcome = profile.AsksNext && selected.Count == 2 && AsOf(selected[1]) > AsOf(selected[0])
            && SentenceCues.IsPlanOnly(selected[0].Text) && SentenceCues.IsHappened(selected[1].Text);

        for (var i = 0; i < selected.Count; i++)
        {
            var s = selected[i];
            if (!quoted.Add((s.Passage.Id, s.Index)))
            {
                continue;
            }
            var quote = QuoteFor(s, quoted);
            var n = citations.Count + 1;
            citations.Add(new Citation(n, s.Document.Id, s.Document.Title, s.Document.Date, s.Document.Url, quote));

            if (planAndOutcome && i == 1)
            {
                text.Append(selected[1].Document.Id == selected[0].Document.Id
                    ? " A later entry reports that it has since happened: "
                    : " A newer source reports that it has since happened: ");
            }
            else if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(quote).Append(" [").Append(n).Append(']');
            if (profile.Temporal)
            {
                text.Append(s.Document.Date is { } date ? $" ({SourceAge.Note(date, today)})" : " (undated source)");
            }
        }
        if (profile.AsksNext && !planAndOutcome && selected.Count > 0 && SentenceCues.IsPlanOnly(selected[0].Text)
            && SentenceCues.Years(selected[0].Text).DefaultIfEmpty(int.MaxValue).Max() < today.Year)
        {
            text.Append(" That date has passed, and no newer document in the corpus reports whether it happened.");
        }
        return new Answer(question, true, text.ToString(), citations, Math.Round(confidence, 3));
    }

    /// <summary>
    /// The sentence, joined with the next one of the same block when it is only a lead-in (short,
    /// or ending with ':'), so the quote states the fact. Joined text is checked against the
    /// document's cleaned text so the quote stays verbatim.
    /// </summary>
    private string QuoteFor(ScoredSentence s, HashSet<(string, int)> quoted)
    {
        var sentence = s.Text;
        var next = s.Index + 1;
        var isLeadIn = sentence.EndsWith(':') || sentence.Split(' ').Length < 12;
        if (!isLeadIn || next >= s.Passage.Sentences.Count || PassageBuilder.LooksLikeHeading(sentence) || quoted.Contains((s.Passage.Id, next)))
        {
            return sentence;
        }
        var joined = sentence + " " + s.Passage.Sentences[next];
        if (_knowledge.CleanTextOf(s.Document.Id)?.Contains(joined, StringComparison.Ordinal) != true)
        {
            return sentence;
        }
        quoted.Add((s.Passage.Id, next));
        return joined;
    }

    private Answer Decline(string question)
    {
        var topics = SuggestedTopics();
        var text = topics.Count == 0
            ? NotFoundText
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
}
