using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Support;

/// <summary>
/// The real knowledge base and Lucene searcher over the repository's corpus, indexed once into a
/// temporary folder and shared by a test class (xunit class fixture).
/// </summary>
public sealed class RealEngine : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    public KnowledgeBase Knowledge { get; private set; } = null!;

    public IPassageSearcher Searcher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Knowledge = new KnowledgeBase(new ChatBotPaths(RepositoryPaths.Corpus, _folder.Path), Options.Create(new IndexOptions()));
        await Knowledge.RefreshAsync(rebuild: true, null, default);
        Searcher = new LucenePassageSearcher(Knowledge);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Knowledge?.Dispose();
        _folder.Dispose();
    }
}
