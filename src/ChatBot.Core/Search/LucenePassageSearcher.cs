using ChatBot.Core.Answers;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Search;

/// <summary>
/// Ranked passages for free text, retrieved the way answers are: the text is profiled like a
/// question, and its BM25 hits are fused with the passages nearest to its embedding. Lexical
/// alone while vectors are still being computed or when <c>ChatBot:Semantic:Enabled</c> is false.
/// </summary>
public sealed class LucenePassageSearcher(KnowledgeBase knowledge) : IPassageSearcher
{
    private readonly QuestionProfiler _profiler = new(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf);

    public async Task<IReadOnlyList<PassageHit>> SearchAsync(string query, int maxHits, CancellationToken cancellationToken)
    {
        await knowledge.WhenReady.WaitAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(query) || maxHits <= 0)
        {
            return [];
        }
        var profile = _profiler.Profile(query);
        return knowledge.Retrieval.Retrieve(profile, maxHits)
            .Select(h => new PassageHit(h.Passage, h.Document, h.Score))
            .ToList();
    }
}
