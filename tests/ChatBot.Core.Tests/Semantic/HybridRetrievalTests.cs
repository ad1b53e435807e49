using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Indexing;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;
using Term = Lucene.Net.Index.Term;

namespace ChatBot.Core.Tests.Semantic;

public class HybridRetrievalTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public HybridRetrievalTests()
    {
        _corpus.Write("chips.md", "---\ntitle: Chip research\ndate: 2024-07-18\n---\nThe partners fund joint semiconductor research projects.\n\nEach project runs for three years with twelve million euros.\n");
        _corpus.Write("quantum.md", "---\ntitle: Quantum\ndate: 2025-01-06\n---\nQuantum computing researchers met in Seoul.\n");
        _corpus.Write("council.md", "---\ntitle: Council\ndate: 2025-11-28\n---\nThe third council was held in Seoul on 28 November 2025.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private static Query Terms(params string[] words)
    {
        var query = new BooleanQuery();
        foreach (var word in words)
        {
            query.Add(new TermQuery(new Term(IndexSchema.Text, word)), Occur.SHOULD);
        }
        return query;
    }

    private static string PassageCount(KnowledgeBase knowledge) => knowledge.Documents.Sum(d => knowledge.PassagesOf(d.Id).Count).ToString();

    [Fact]
    public async Task Every_passage_is_embedded_once_and_an_unchanged_restart_embeds_nothing()
    {
        using (var first = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder()))
        {
            await first.RefreshAsync();
            Assert.Equal(PassageCount(first.Knowledge), first.Embedder.PassagesEmbedded.ToString());
            Assert.True(first.Semantic.Status.Serving);
            Assert.Equal(0, first.Semantic.Status.Pending);
        }

        using var second = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder());
        await second.RefreshAsync();

        Assert.Equal(0, second.Embedder.PassagesEmbedded);
        Assert.True(second.Semantic.IsServing);
        Assert.True(File.Exists(Path.Combine(_data.Path, "vectors", "fake.vec")));
    }

    [Fact]
    public async Task An_edited_document_re_embeds_only_its_changed_passages()
    {
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder());
        await harness.RefreshAsync();
        var before = harness.Embedder.PassagesEmbedded;

        _corpus.Write("quantum.md", "---\ntitle: Quantum\ndate: 2025-01-06\n---\nQuantum computing researchers met in Brussels.\n");
        await harness.RefreshAsync();

        var changed = harness.Knowledge.PassagesOf("quantum").Select(p => p.Text).ToList();
        Assert.Equal(before + changed.Count, harness.Embedder.PassagesEmbedded);
        Assert.Equal(changed, harness.Embedder.Texts.Skip(before));
    }

    [Fact]
    public async Task Hybrid_retrieval_finds_a_paraphrase_that_BM25_misses()
    {
        var aliases = new Dictionary<string, string> { ["microelectronics"] = "semiconductor" };
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder(aliases));
        await harness.RefreshAsync();
        var query = Terms("microelectronics", "seoul");

        var lexical = harness.Knowledge.Retrieval.Search(query, 5);
        var hybrid = harness.Knowledge.Retrieval.SearchHybrid("microelectronics", query, 5);

        Assert.NotEmpty(lexical);
        Assert.DoesNotContain(lexical, h => h.Document.Id == "chips");
        var found = Assert.Single(hybrid, h => h.Document.Id == "chips");
        Assert.True(found.Similarity > 0.1f);
        Assert.Equal(hybrid.Max(h => h.Similarity ?? -1), found.Similarity);
        Assert.Equal(lexical.Select(h => h.Passage.Id).Order(), hybrid.Where(h => h.Document.Id != "chips").Select(h => h.Passage.Id).Order());
        Assert.True(hybrid.Zip(hybrid.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public async Task While_the_question_is_embedded_the_better_half_of_the_BM25_hits_is_prepared_best_first_and_the_hits_stay_the_same()
    {
        using var gate = new ManualResetEventSlim(false);
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder { QueryGate = gate });
        gate.Set();
        await harness.RefreshAsync();
        var query = Terms("seoul", "council", "quantum", "semiconductor", "project");
        var lexical = harness.Knowledge.Retrieval.Search(query, 50);
        Assert.True(lexical.Count >= 3);
        var unprepared = harness.Knowledge.Retrieval.SearchHybrid("quantum council in seoul", query, 5);
        gate.Reset();

        // The embedding cannot finish before the gate opens: every likely hit is prepared first.
        var prepared = new List<string>();
        var expected = Math.Min(3, lexical.Count);
        var hybrid = harness.Knowledge.Retrieval.SearchHybrid("quantum council in seoul", query, 5, hit =>
        {
            prepared.Add(hit.Passage.Id);
            if (prepared.Count == expected)
            {
                gate.Set();
            }
        });

        Assert.Equal(lexical.Take(expected).Select(h => h.Passage.Id), prepared);
        Assert.Equal(unprepared.Select(h => (h.Passage.Id, h.Score, h.Similarity)), hybrid.Select(h => (h.Passage.Id, h.Score, h.Similarity)));
    }

    [Fact]
    public async Task Nothing_is_prepared_when_there_is_no_embedding_to_wait_for()
    {
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder(), enabled: false);
        await harness.RefreshAsync();
        var prepared = 0;

        var hits = harness.Knowledge.Retrieval.SearchHybrid("where was the council held", Terms("seoul", "council"), 5, _ => prepared++);

        Assert.NotEmpty(hits);
        Assert.Equal(0, prepared);
    }

    [Fact]
    public async Task Disabled_the_engine_is_lexical_and_loads_no_model()
    {
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder(), enabled: false);
        await harness.RefreshAsync();
        var query = Terms("seoul", "council");

        var hybrid = harness.Knowledge.Retrieval.SearchHybrid("where was the council held", query, 5);

        Assert.Equal(harness.Knowledge.Retrieval.Search(query, 5).Select(h => (h.Passage.Id, h.Score)), hybrid.Select(h => (h.Passage.Id, h.Score)));
        Assert.Equal(0, harness.Embedder.PassagesEmbedded);
        Assert.Equal(0, harness.Embedder.QueriesEmbedded);
        Assert.False(harness.Semantic.Status.Enabled);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "vectors")));
    }

    [Fact]
    public async Task Answers_are_served_lexically_while_vectors_are_being_computed()
    {
        using var gate = new ManualResetEventSlim(false);
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder { Gate = gate });
        var engine = new AnswerEngine(harness.Knowledge, TimeProvider.System, Options.Create(new AnswerOptions()));

        await harness.Knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        var query = Terms("seoul", "council");
        var whileComputing = harness.Knowledge.Retrieval.SearchHybrid("where was the third council held", query, 5);
        var answer = await engine.AskAsync(new AskRequest("Where was the third council held?"), CancellationToken.None);
        // The background build counts the missing vectors before it embeds (and the gate holds
        // the embedding), so the count appears shortly after the refresh, not at once.
        var status = harness.Semantic.Status;
        for (var waited = TimeSpan.Zero; status.Pending == 0 && waited < Patience; waited += TimeSpan.FromMilliseconds(20))
        {
            await Task.Delay(20);
            status = harness.Semantic.Status;
        }

        Assert.True(harness.Knowledge.IsReady);
        Assert.False(harness.Semantic.WhenCurrent.IsCompleted);
        Assert.False(status.Serving);
        Assert.True(status.Pending > 0);
        Assert.Equal(harness.Knowledge.Retrieval.Search(query, 5).Select(h => h.Passage.Id), whileComputing.Select(h => h.Passage.Id));
        Assert.True(answer.Answered);
        Assert.Contains("Seoul", answer.Text);
        Assert.Equal(0, harness.Embedder.QueriesEmbedded);

        gate.Set();
        await harness.Semantic.WhenCurrent.WaitAsync(Patience);
        Assert.True(harness.Semantic.IsServing);
        Assert.NotNull(harness.Knowledge.Retrieval.SearchHybrid("where was the third council held", query, 5)[0].Similarity);
    }

    [Fact]
    public async Task A_document_added_while_the_older_vectors_serve_keeps_its_BM25_rank_instead_of_sinking_below_embedded_passages()
    {
        using var gate = new ManualResetEventSlim(true);
        using var harness = new SemanticHarness(_corpus.Path, _data.Path, new FakeEmbedder { Gate = gate });
        await harness.RefreshAsync();
        gate.Reset();
        _corpus.Write("news.md", "---\ntitle: Fourth council\ndate: 2026-06-01\n---\nThe fourth council meets in Brussels in June 2026.\n");
        await harness.Knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        var query = Terms("fourth", "council", "brussels");

        var lexical = harness.Knowledge.Retrieval.Search(query, 5);
        var whileEmbedding = harness.Knowledge.Retrieval.SearchHybrid("fourth council brussels", query, 5);

        Assert.False(harness.Semantic.WhenCurrent.IsCompleted);
        Assert.Equal("news", lexical[0].Document.Id);
        Assert.Contains(lexical, h => h.Document.Id == "council");
        // The older index has the third council's line, not the new one: both rankings agree on it.
        Assert.Equal("news", whileEmbedding[0].Document.Id);
        Assert.Null(whileEmbedding[0].Similarity);
        Assert.Equal("council", whileEmbedding[1].Document.Id);
        Assert.NotNull(whileEmbedding[1].Similarity);

        gate.Set();
        await harness.Semantic.WhenCurrent.WaitAsync(Patience);
        var embedded = harness.Knowledge.Retrieval.SearchHybrid("fourth council brussels", query, 5);
        Assert.Equal("news", embedded[0].Document.Id);
        Assert.NotNull(embedded[0].Similarity);
    }

    [Fact]
    public async Task A_failing_model_leaves_answers_lexical()
    {
        var paths = new ChatBotPaths(_corpus.Path, _data.Path);
        using var semantic = new SemanticIndex(new FakeBrokenEmbedder(), paths, Options.Create(new SemanticOptions()));
        using var knowledge = new KnowledgeBase(paths, Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }), semantic: semantic);

        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        await semantic.WhenCurrent.WaitAsync(Patience);
        var query = Terms("seoul");

        Assert.Contains("model file missing", semantic.Status.Failure);
        Assert.False(semantic.IsServing);
        Assert.Equal(knowledge.Retrieval.Search(query, 5).Select(h => h.Passage.Id), knowledge.Retrieval.SearchHybrid("seoul", query, 5).Select(h => h.Passage.Id));
    }

    [Fact]
    public async Task A_question_the_model_fails_on_is_answered_from_the_lexical_hits()
    {
        // Passages embed, so dense retrieval serves; the question's embedding (run beside BM25) throws.
        var paths = new ChatBotPaths(_corpus.Path, _data.Path);
        using var semantic = new SemanticIndex(new FakeQuestionBreakingEmbedder(), paths, Options.Create(new SemanticOptions()));
        using var knowledge = new KnowledgeBase(paths, Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }), semantic: semantic);

        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        await semantic.WhenCurrent.WaitAsync(Patience);
        var query = Terms("seoul");

        Assert.True(semantic.IsServing);
        Assert.Equal(knowledge.Retrieval.Search(query, 5).Select(h => h.Passage.Id), knowledge.Retrieval.SearchHybrid("seoul", query, 5).Select(h => h.Passage.Id));
    }

    private sealed class FakeQuestionBreakingEmbedder : ITextEmbedder
    {
        private readonly FakeEmbedder _passages = new();

        public string ModelId => "question-breaking";

        public int Dimensions => _passages.Dimensions;

        public float[] EmbedQuery(string question, CancellationToken cancellationToken) => throw new InvalidOperationException("question too strange");

        public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken) => _passages.EmbedPassages(texts, cancellationToken);
    }

    private sealed class FakeBrokenEmbedder : ITextEmbedder
    {
        public string ModelId => "broken";

        public int Dimensions => 8;

        public float[] EmbedQuery(string question, CancellationToken cancellationToken) => throw new InvalidOperationException("model file missing");

        public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken) => throw new InvalidOperationException("model file missing");
    }
}
