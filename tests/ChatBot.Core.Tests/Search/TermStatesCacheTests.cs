using ChatBot.Core.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace ChatBot.Core.Tests.Search;

/// <summary>Kept term statistics must score exactly as Lucene's own, and never outlive the reader they came from.</summary>
public sealed class TermStatesCacheTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;

    public TermStatesCacheTests()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)));
        Add("the council met in seoul");
        Add("the council on semiconductors");
        Add("quantum research in brussels");
        _writer.Commit();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }

    private void Add(string text) => _writer.AddDocument(new Document { new TextField("text", text, Field.Store.NO) });

    private static Query Question()
    {
        var query = new BooleanQuery();
        query.Add(new TermQuery(new Term("text", "council")) { Boost = 2f }, Occur.SHOULD);
        query.Add(new TermQuery(new Term("text", "seoul")), Occur.SHOULD);
        var phrase = new PhraseQuery { Slop = 1 };
        phrase.Add(new Term("text", "council"));
        phrase.Add(new Term("text", "met"));
        query.Add(phrase, Occur.SHOULD);
        return query;
    }

    private static List<(int Doc, float Score)> Hits(IndexSearcher searcher, Query query) =>
        searcher.Search(query, 10).ScoreDocs.Select(d => (d.Doc, d.Score)).ToList();

    [Fact]
    public void A_prepared_query_scores_exactly_as_the_original_and_again_from_the_cache()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        var cache = new TermStatesCache(capacity: 100);

        var expected = Hits(searcher, Question());

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, Hits(searcher, cache.Prepare(Question(), searcher.TopReaderContext)));
        Assert.Equal(expected, Hits(searcher, cache.Prepare(Question(), searcher.TopReaderContext)));
    }

    [Fact]
    public void A_reopened_reader_gets_its_own_statistics()
    {
        var cache = new TermStatesCache(capacity: 100);
        using var before = DirectoryReader.Open(_directory);
        var old = new IndexSearcher(before);
        Hits(old, cache.Prepare(Question(), old.TopReaderContext));

        // More documents with "council": its document frequency, and so every score, changes.
        Add("council council council");
        Add("a council in seoul");
        _writer.Commit();
        using var after = DirectoryReader.OpenIfChanged(before)!;
        var current = new IndexSearcher(after);
        var expected = Hits(current, Question());

        Assert.NotEqual(Hits(old, Question()).Select(h => h.Score), expected.Take(2).Select(h => h.Score));
        Assert.Equal(expected, Hits(current, cache.Prepare(Question(), current.TopReaderContext)));
    }
}
