using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;
using ChatBot.Testing;
using Lucene.Net.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Term = Lucene.Net.Index.Term;

namespace ChatBot.Core.Tests.Semantic;

/// <summary>The worker as registered, with the real packaged model over a small corpus.</summary>
public class SemanticWorkerTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task The_worker_embeds_in_the_background_and_then_retrieves_by_meaning()
    {
        _corpus.Write("trade.md", "---\ntitle: Trade\ndate: 2025-03-10\n---\nNegotiations on the digital trade agreement were concluded on 10 March 2025.\n");
        _corpus.Write("weather.md", "---\ntitle: Weather\ndate: 2025-03-11\n---\nLisbon had a sunny and warm week.\n");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IndexOptions.Section + ":SynonymsPath"] = RepositoryPaths.SynonymsFile,
        });
        builder.Services.AddSingleton(new ChatBotPaths(_corpus.Path, _data.Path));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKnowledgeEngine(builder.Configuration);
        builder.Services.AddKnowledgeWorkers();
        using var host = builder.Build();
        var knowledge = host.Services.GetRequiredService<KnowledgeBase>();
        var semantic = host.Services.GetRequiredService<SemanticIndex>();

        await host.StartAsync();
        await knowledge.WhenReady.WaitAsync(TimeSpan.FromMinutes(1));
        await semantic.WhenCurrent.WaitAsync(TimeSpan.FromMinutes(2));
        // No word of the question is in the trade passage (BM25 finds nothing); the model does.
        var query = new BooleanQuery { { new TermQuery(new Term(ChatBot.Core.Indexing.IndexSchema.Text, "wrap")), Occur.SHOULD } };
        var hits = knowledge.Retrieval.SearchHybrid("when did the deal talks wrap up?", query, 2);
        await host.StopAsync();

        Assert.True(semantic.Status.Serving);
        Assert.Equal(2, semantic.Status.Embedded);
        Assert.Empty(knowledge.Retrieval.Search(query, 2));
        Assert.Equal("trade", hits[0].Document.Id);
        Assert.True(hits[0].Similarity > hits[1].Similarity);
        Assert.True(File.Exists(Path.Combine(_data.Path, "vectors", "arctic-xs.vec")));
    }
}
