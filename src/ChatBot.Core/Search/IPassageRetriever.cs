using ChatBot.Core.Answers;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Search;

/// <summary>
/// The seam between the Lucene index and everything that composes text. Answers retrieve through
/// it with the profile their question understanding made; summaries reach the same hybrid
/// retrieval through <see cref="IPassageSearcher"/>, which profiles free text first. Lucene types stay behind it:
/// they are internal to Core's <c>Indexing/</c>, <c>Search/</c> and <c>Knowledge/</c>.
/// </summary>
internal interface IPassageRetriever
{
    /// <summary>BM25 over the profile's concepts fused with the passages nearest to the question's embedding (lexical alone when vectors are off or not ready).</summary>
    /// <param name="prepare">
    /// Called with the best BM25 hits, best first, while the question's embedding is still being
    /// computed, until it is done: work the caller will do on those hits anyway (analysing their
    /// lines) leaves the answer's critical path. Never called without an embedding to wait for.
    /// </param>
    IReadOnlyList<RankedPassage> Retrieve(QuestionProfile profile, int maxHits, Action<RankedPassage>? prepare = null);
}
