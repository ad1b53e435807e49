using ChatBot.Core.Search;
using ChatBot.Core.Summaries;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>Ranks passages by how many meaningful query words they contain.</summary>
public sealed class FakePassageSearcher(FakeKnowledgeBase knowledge) : IPassageSearcher
{
    public Task<IReadOnlyList<PassageHit>> SearchAsync(string query, int maxHits, CancellationToken cancellationToken)
    {
        var words = ProseSentences.ContentWords(query);
        IReadOnlyList<PassageHit> hits = knowledge.Documents
            .SelectMany(d => knowledge.PassagesOf(d.Id).Select(p => (Document: d, Passage: p)))
            .Select(x => new PassageHit(x.Passage, x.Document, ProseSentences.ContentWords(x.Passage.Text).Count(words.Contains)))
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Id, StringComparer.Ordinal)
            .Take(maxHits)
            .ToList();
        return Task.FromResult(hits);
    }
}
