namespace ChatBot.Core.Search;

/// <summary>
/// Ranked passage retrieval over the current index. The seam between Lucene and everything that
/// composes text (answers, summaries, digests); nothing outside the engine sees Lucene types.
/// </summary>
public interface IPassageSearcher
{
    Task<IReadOnlyList<PassageHit>> SearchAsync(string query, int maxHits, CancellationToken cancellationToken);
}
