using ChatBot.Core.Answers;
using ChatBot.Core.Indexing;
using ChatBot.Core.Search;
using ChatBot.Core.Semantic;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Runs queries on the current searcher and maps hits to passages of the current snapshot; the
/// only place a question becomes a Lucene query (see <see cref="IPassageRetriever"/>).
/// </summary>
internal sealed class PassageRetriever(CurrentSnapshot current, Lazy<PassageIndex> index, TextAnalysis analysis, SemanticIndex? semantic) : IPassageRetriever
{
    private readonly PassageQueryBuilder _queries = new(analysis);

    // Far more distinct terms than questions bring in a while; a flood of one-off words costs at most the bound.
    private readonly TermStatesCache _termStates = new(capacity: 10_000);

    public IReadOnlyList<RankedPassage> Retrieve(QuestionProfile profile, int maxHits, Action<RankedPassage>? prepare = null) =>
        SearchHybrid(profile.Question, QueryFor(profile), maxHits, prepare);

    /// <summary>The BM25 query answers run for <paramref name="profile"/>.</summary>
    public Query QueryFor(QuestionProfile profile) => _queries.Build(profile);

    /// <summary>Runs a query on the current searcher and maps hits to passages of the snapshot.</summary>
    public IReadOnlyList<RankedPassage> Search(Query query, int maxHits)
    {
        var snapshot = current.Value;
        var passageIndex = index.Value;
        var searcher = passageIndex.AcquireSearcher();
        try
        {
            // Collected in document order: a query of optional clauses then runs Lucene's
            // BooleanScorer2, not the out-of-order BooleanScorer, which fills a fresh table of 2,048
            // buckets for every search and segment (about 100 KB, a third of what a whole answer
            // allocated). Ties still go to the lower document, as with out-of-order collection.
            var collector = TopScoreDocCollector.Create(maxHits, docsScoredInOrder: true);
            searcher.Search(_termStates.Prepare(query, searcher.TopReaderContext), collector);
            var top = collector.GetTopDocs();
            var hits = new List<RankedPassage>(top.ScoreDocs.Length);
            var leaves = searcher.IndexReader.Leaves;
            var bytes = new Lucene.Net.Util.BytesRef();
            // Each call clones the segment's input and opens a terms enum: once per segment, not per hit.
            var idsOf = new SortedDocValues?[leaves.Count];
            foreach (var scoreDoc in top.ScoreDocs)
            {
                var n = ReaderUtil.SubIndex(scoreDoc.Doc, leaves);
                var leaf = leaves[n];
                var ids = idsOf[n] ??= leaf.AtomicReader.GetSortedDocValues(IndexSchema.PassageId);
                if (ids is null)
                {
                    continue;
                }
                ids.Get(scoreDoc.Doc - leaf.DocBase, bytes);
                if (bytes.Length > 0 && snapshot.PassagesById.TryGetValue(bytes.Utf8ToString(), out var passage))
                {
                    hits.Add(new RankedPassage(passage, snapshot.DocumentsById[passage.DocumentId], scoreDoc.Score));
                }
            }
            return hits;
        }
        finally
        {
            passageIndex.ReleaseSearcher(searcher);
        }
    }

    /// <summary>
    /// Hybrid retrieval: the BM25 hits of <paramref name="query"/> fused with the passages whose
    /// vectors are nearest to <paramref name="question"/> (see <see cref="SemanticIndex"/>). The
    /// same hits as <see cref="Search"/> when the semantic layer is off or its vectors are not
    /// computed yet.
    /// </summary>
    /// <param name="prepare">See <see cref="IPassageRetriever.Retrieve"/>.</param>
    public IReadOnlyList<RankedPassage> SearchHybrid(string question, Query query, int maxHits, Action<RankedPassage>? prepare = null)
    {
        if (semantic is not { IsServing: true } serving)
        {
            return Search(query, maxHits);
        }
        var snapshot = current.Value;
        // The question's embedding runs on the other core while BM25 searches on this one.
        var embedding = serving.StartEmbedding(question);
        var lexical = Search(query, Math.Max(maxHits, serving.CandidatesPerRanking));
        if (prepare is not null)
        {
            // The embedding takes several times as long as BM25: use the wait on the hits most
            // likely to survive fusion, and stop as soon as it is done so the scan is not delayed.
            // Fusion interleaves the two rankings, so the better half of the BM25 hits is what
            // survives it even when the dense hits share none of them.
            var likely = Math.Min((maxHits + 1) / 2, lexical.Count);
            for (var i = 0; i < likely && !embedding.IsCompleted; i++)
            {
                prepare(lexical[i]);
            }
        }
        return serving.Retrieve(embedding, lexical, snapshot, maxHits);
    }

    /// <summary>A bare Lucene search (no mapping to passages); the benchmark's baseline.</summary>
    public TopDocs SearchTopDocs(Query query, int maxHits)
    {
        var passageIndex = index.Value;
        var searcher = passageIndex.AcquireSearcher();
        try
        {
            return searcher.Search(query, maxHits);
        }
        finally
        {
            passageIndex.ReleaseSearcher(searcher);
        }
    }
}
