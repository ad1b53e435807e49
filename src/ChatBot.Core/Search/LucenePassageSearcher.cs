using ChatBot.Core.Answers;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Search;

/// <summary>Ranked passages for free text, using the same analysis and query shape as answers.</summary>
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
        return knowledge.Retrieval.RetrieveLexical(profile, maxHits)
            .Select(h => new PassageHit(h.Passage, h.Document, h.Score))
            .ToList();
    }
}
