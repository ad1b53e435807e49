using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Summaries;

/// <summary>
/// A short cited overview of one topic across all documents: the most relevant sentences from
/// distinct passages (3–6 when the corpus has them), newest development first (by the time the
/// sentence mentions, else its document's date), each quoted
/// verbatim with its own [n] citation, never the same sentence twice. Like answers, a summary
/// holds the bot's subject: a line about another partnership (EU–Japan, Korea–US …), by its own
/// words or its section's and document's, is never quoted, however well it matches the topic.
/// </summary>
public sealed class SummaryService(TopicCatalog catalog, IPassageSearcher searcher, IKnowledgeBase knowledge, Partners partners) : ISummaryService
{
    // Deep enough that dropping other partnerships' passages still leaves a full overview.
    private const int SearchDepth = 50;
    private const int MinSentences = 3;
    private const int MaxSentences = 6;

    // Share of the shorter sentence's meaningful words above which two sentences say the same thing.
    private const double NearDuplicate = 0.75;

    public async Task<TopicSummary> SummarizeAsync(string topic, CancellationToken cancellationToken)
    {
        await knowledge.WhenReady.WaitAsync(cancellationToken);
        var known = catalog.Topics;
        var lookup = catalog.Find(topic ?? "");
        if (lookup.Match is not { } match)
        {
            return new TopicSummary(topic ?? "", null, null, lookup.Closest, known);
        }

        var hits = await searcher.SearchAsync(match.Query, SearchDepth, cancellationToken);
        var picked = Pick(match, hits);
        var question = $"Summary: {match.Name}";
        if (picked.Count == 0)
        {
            var none = Answer.NotFound(question, $"The documents say nothing specific about {match.Name} yet.", known.Select(t => t.Id).ToList())
                with { DocumentsSearched = knowledge.Documents.Count };
            return new TopicSummary(topic ?? "", match, none, null, known);
        }

        var ordered = picked
            .OrderByDescending(p => DevelopmentTime.Of(p.Sentence, p.Document.Date) ?? DateOnly.MinValue)
            .ThenByDescending(p => p.Document.Date ?? DateOnly.MinValue)
            .ThenBy(p => p.Document.Id, StringComparer.Ordinal)
            .ThenBy(p => p.Passage.Ordinal)
            .ThenBy(p => p.SentenceIndex)
            .ToList();
        var citations = ordered
            .Select((p, i) => new Citation(i + 1, p.Document.Id, p.Document.Title, p.Document.Date, p.Document.Url, p.Sentence))
            .ToList();
        var text = string.Join(" ", citations.Select(c => $"{c.Quote} [{c.N}]"));
        var confidence = Math.Min(1.0, picked.Count(p => p.MentionsTopic) / (double)MinSentences);
        var answer = new Answer(question, true, text, citations, confidence) { DocumentsSearched = knowledge.Documents.Count };
        return new TopicSummary(topic ?? "", match, answer, null, known);
    }

    private List<Candidate> Pick(Topic topic, IReadOnlyList<PassageHit> hits)
    {
        var queryWords = ProseSentences.ContentWords(topic.Query + " " + topic.Name + " " + string.Join(' ', topic.Aliases));
        // A topic that itself names another partner may quote it; no shipped topic does.
        var allowed = partners.In(topic.Name + " " + topic.Query).Where(Partners.IsOther).ToHashSet();
        var leads = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var perPassage = hits
            .DistinctBy(h => h.Passage.Id)
            .Select(hit => Candidates(topic, hit, queryWords, Context(hit, leads), allowed).ToList())
            .Where(c => c.Count > 0)
            .ToList();

        var picked = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The best sentence of each passage, passages by relevance: one statement per passage.
        foreach (var candidates in perPassage)
        {
            if (picked.Count >= MaxSentences)
            {
                break;
            }
            if (candidates.FirstOrDefault(c => !seen.Contains(c.Key) && !RepeatsPicked(c, picked)) is { } best)
            {
                picked.Add(best);
                seen.Add(best.Key);
            }
        }
        // Too few passages: fill up to three from passages already used, still by relevance.
        foreach (var extra in perPassage.SelectMany(c => c))
        {
            if (picked.Count >= MinSentences)
            {
                break;
            }
            if (!RepeatsPicked(extra, picked) && seen.Add(extra.Key))
            {
                picked.Add(extra);
            }
        }
        return picked;
    }

    /// <summary>
    /// True when the candidate says what a picked sentence already says in other words (the
    /// timeline and a topic page often do): most of their meaningful words are shared.
    /// </summary>
    private static bool RepeatsPicked(Candidate candidate, List<Candidate> picked) =>
        picked.Any(p => Overlap(candidate.Words, p.Words) >= NearDuplicate);

    private static double Overlap(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return shared / (double)Math.Min(a.Count, b.Count);
    }

    /// <summary>
    /// The partners a line is read with: its section heading and its document's title and opening
    /// lines, the same context the answer engine reads a line in.
    /// </summary>
    private IReadOnlySet<string> Context(PassageHit hit, Dictionary<string, IReadOnlySet<string>> leads)
    {
        if (!leads.TryGetValue(hit.Document.Id, out var lead))
        {
            var passages = knowledge.PassagesOf(hit.Document.Id);
            var opening = passages.Count == 0 ? "" : string.Join(" ", passages[0].Sentences.Take(3));
            lead = partners.In(hit.Document.Title + " . " + opening);
            leads[hit.Document.Id] = lead;
        }
        return hit.Passage.Heading is { } heading ? lead.Union(partners.In(heading)).ToHashSet() : lead;
    }

    /// <summary>Sentences of one hit that are relevant to the topic and about the bot's partnership, best first.</summary>
    private IEnumerable<Candidate> Candidates(Topic topic, PassageHit hit, HashSet<string> queryWords, IReadOnlySet<string> context, IReadOnlySet<string> allowed)
    {
        var passage = hit.Passage;
        return passage.Sentences
            .Select((sentence, index) => (Sentence: ProseSentences.Clean(sentence), Raw: sentence, Index: index))
            .Where(s => ProseSentences.IsProse(s.Raw, passage.Heading, hit.Document.Title))
            .Where(s => !Partners.AboutOther(partners.In(s.Sentence), context, allowed))
            .Select(s =>
            {
                var words = ProseSentences.ContentWords(s.Sentence);
                var mentions = catalog.Mentions(topic, s.Sentence) > 0;
                return new Candidate(hit.Document, passage, s.Index, s.Sentence, ProseSentences.Normalize(s.Sentence), words, mentions, words.Count(queryWords.Contains));
            })
            // Relevant means naming the topic, or sharing at least two meaningful words with its query.
            .Where(c => c.MentionsTopic || c.Overlap >= 2)
            .OrderByDescending(c => c.MentionsTopic)
            .ThenByDescending(c => c.Overlap)
            .ThenBy(c => c.SentenceIndex);
    }

    private sealed record Candidate(
        DocumentInfo Document,
        Passage Passage,
        int SentenceIndex,
        string Sentence,
        string Key,
        HashSet<string> Words,
        bool MentionsTopic,
        int Overlap);
}
