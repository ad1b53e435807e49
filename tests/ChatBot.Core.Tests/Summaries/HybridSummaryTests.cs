using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Core.Semantic;
using ChatBot.Core.Summaries;
using ChatBot.Core.Tests.Semantic;
using ChatBot.Core.Topics;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Summaries;

/// <summary>
/// Summaries retrieve like answers: BM25 fused with the passages nearest to the topic's query,
/// lexical while vectors are missing or the semantic layer is off, and every summary rule holds
/// over the fused hits (the subject kept, newest first).
/// </summary>
public sealed class HybridSummaryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly string ShippedTopics = Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");
    private static readonly Partners ShippedPartners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));

    // The fake model reads "microelectronics" as the same concept as "semiconductor"; BM25 does not.
    private static readonly Dictionary<string, string> Aliases = new() { ["microelectronics"] = "semiconductor", ["semiconductors"] = "semiconductor" };

    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public HybridSummaryTests()
    {
        _corpus.Write("kr-projects.md", "---\ntitle: EU and Korea fund chip research\ndate: 2024-07-18\n---\nThe EU and Korea fund four joint semiconductor research projects with twelve million euros.\n");
        _corpus.Write("kr-forum.md", "---\ntitle: Second EU-Korea researchers forum\ndate: 2025-06-16\n---\nThe EU and Korea held the second semiconductor researchers forum in Jeju to review joint chip research.\n");
        _corpus.Write("kr-council.md", "---\ntitle: First EU-Korea Digital Partnership Council\ndate: 2023-06-30\n---\nThe EU and the Republic of Korea agreed to cooperate on semiconductors and chip supply chains at the first council in Seoul.\n");
        _corpus.Write("kr-labs.md", "---\ntitle: Laboratories exchange staff\ndate: 2025-02-03\n---\nKorean and European microelectronics laboratories exchange designers every year.\n");
        _corpus.Write("jp.md", "---\ntitle: EU and Japan strengthen digital cooperation\ndate: 2025-05-12\n---\nThe two sides agreed to deepen semiconductor research cooperation and a joint chip supply chain forum.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private sealed class Harness : IDisposable
    {
        public Harness(string corpus, string data, bool semanticEnabled)
        {
            var paths = new ChatBotPaths(corpus, data);
            Semantic = new SemanticIndex(Embedder, paths, Options.Create(new SemanticOptions { Enabled = semanticEnabled }));
            Knowledge = new KnowledgeBase(paths, Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }), semantic: Semantic);
            Searcher = new LucenePassageSearcher(Knowledge);
            Summaries = new SummaryService(new TopicCatalog(TopicFile.Load(ShippedTopics), Knowledge), Searcher, Knowledge, ShippedPartners);
        }

        public FakeEmbedder Embedder { get; } = new(Aliases);

        public SemanticIndex Semantic { get; }

        public KnowledgeBase Knowledge { get; }

        public LucenePassageSearcher Searcher { get; }

        public SummaryService Summaries { get; }

        public async Task RefreshAsync()
        {
            await Knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
            await Semantic.WhenCurrent.WaitAsync(Patience);
        }

        public void Dispose()
        {
            Knowledge.Dispose();
            Semantic.Dispose();
        }
    }

    [Fact]
    public async Task Free_text_search_finds_a_paraphrase_through_the_vectors()
    {
        using var harness = new Harness(_corpus.Path, _data.Path, semanticEnabled: true);
        await harness.RefreshAsync();

        var hits = await harness.Searcher.SearchAsync("semiconductor", 10, CancellationToken.None);

        Assert.True(harness.Semantic.IsServing);
        Assert.Contains(hits, h => h.Document.Id == "kr-labs");
        Assert.True(harness.Embedder.QueriesEmbedded > 0);
    }

    [Fact]
    public async Task With_the_semantic_layer_off_free_text_search_is_BM25_alone()
    {
        using var harness = new Harness(_corpus.Path, _data.Path, semanticEnabled: false);
        await harness.RefreshAsync();

        var hits = await harness.Searcher.SearchAsync("semiconductor", 10, CancellationToken.None);

        Assert.DoesNotContain(hits, h => h.Document.Id == "kr-labs");
        Assert.Contains(hits, h => h.Document.Id == "kr-projects");
        Assert.Equal(0, harness.Embedder.QueriesEmbedded);
    }

    [Fact]
    public async Task A_hybrid_summary_holds_the_subject_and_reads_newest_first()
    {
        using var harness = new Harness(_corpus.Path, _data.Path, semanticEnabled: true);
        await harness.RefreshAsync();

        var summary = await harness.Summaries.SummarizeAsync("semiconductors", CancellationToken.None);

        Assert.True(harness.Embedder.QueriesEmbedded > 0);
        var documents = summary.Summary!.Citations.Select(c => c.Document).ToList();
        Assert.DoesNotContain("jp", documents);
        Assert.Equal(["kr-forum", "kr-projects", "kr-council"], documents.Where(d => d != "kr-labs"));
        var dates = summary.Summary.Citations.Select(c => c.Date!.Value).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
    }
}
