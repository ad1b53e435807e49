using ChatBot.Core.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChatBot.Core.Search;

/// <summary>
/// Where each query term sits in every segment of the open reader, and how many documents have
/// it (Lucene's <see cref="TermContext"/>), kept across questions: the same words and synonym
/// forms come back question after question, and looking each up in the terms dictionary of every
/// segment was a good part of a search. Lucene builds the very same statistics itself when none
/// are given, so scores do not change. Bound to one reader: a reopened index starts afresh. A
/// prepared query is for the searcher whose reader it was prepared with only: on another, Lucene
/// would look the terms up again but keep the old document frequencies.
/// </summary>
internal sealed class TermStatesCache(int capacity)
{
    private volatile ReaderStates? _states;

    /// <summary>A copy of <paramref name="query"/> whose term clauses carry their statistics for <paramref name="reader"/>.</summary>
    public Query Prepare(Query query, IndexReaderContext reader)
    {
        var states = _states;
        if (states is null || !ReferenceEquals(states.Reader, reader))
        {
            states = new ReaderStates(reader, new BoundedCache<TermContext>(capacity));
            _states = states;
        }
        return Prepare(query, states);
    }

    private static Query Prepare(Query query, ReaderStates states)
    {
        switch (query)
        {
            case TermQuery term:
                return new TermQuery(term.Term, states.Of(term.Term)) { Boost = term.Boost };
            case BooleanQuery boolean:
                var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var clause in boolean.Clauses)
                {
                    copy.Add(Prepare(clause.Query, states), clause.Occur);
                }
                return copy;
            default:
                return query;
        }
    }

    private sealed record ReaderStates(IndexReaderContext Reader, BoundedCache<TermContext> Terms)
    {
        public TermContext Of(Term term)
        {
            var key = term.Field + "\u0000" + term.Text;
            if (Terms.TryGetValue(key, out var known))
            {
                return known;
            }
            var built = TermContext.Build(Reader, term);
            Terms.Add(key, built);
            return built;
        }
    }
}
