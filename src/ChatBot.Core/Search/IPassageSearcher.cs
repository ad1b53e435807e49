namespace ChatBot.Core.Search;

/// <summary>
/// Ranked passages for free text: how topic summaries search the corpus (hybrid, like answers). It is
/// <see cref="IPassageRetriever"/> behind a plain question profile, so nothing that uses it sees
/// Lucene types.
/// </summary>
public interface IPassageSearcher
{
    Task<IReadOnlyList<PassageHit>> SearchAsync(string query, int maxHits, CancellationToken cancellationToken);
}
