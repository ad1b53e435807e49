using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;
using ChatBot.Core.Tests.Semantic;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Support;

/// <summary>A knowledge base with a semantic index over a fake embedder, refreshed until its vectors are built.</summary>
internal sealed class SemanticHarness : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public SemanticHarness(string corpus, string data, FakeEmbedder embedder, bool enabled = true)
    {
        Embedder = embedder;
        var paths = new ChatBotPaths(corpus, data);
        Semantic = new SemanticIndex(embedder, paths, Options.Create(new SemanticOptions { Enabled = enabled, BatchSize = 2 }));
        Knowledge = new KnowledgeBase(paths, Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }), semantic: Semantic);
    }

    public FakeEmbedder Embedder { get; }

    public SemanticIndex Semantic { get; }

    public KnowledgeBase Knowledge { get; }

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
