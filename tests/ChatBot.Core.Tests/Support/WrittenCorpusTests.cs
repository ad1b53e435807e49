using ChatBot.Testing;

namespace ChatBot.Core.Tests.Support;

/// <summary>
/// Answer tests over a small corpus the test class writes: each test gets fresh folders and an
/// engine whose clock stands at <paramref name="now"/>, indexed before the test runs.
/// </summary>
public abstract class WrittenCorpusTests(DateTimeOffset now) : IAsyncLifetime
{
    protected TempFolder Corpus { get; } = new();

    protected TempFolder Data { get; } = new();

    protected Engine Engine { get; private set; } = null!;

    /// <summary>Writes the documents every test of the class starts from.</summary>
    protected abstract void WriteCorpus(TempFolder corpus);

    public async Task InitializeAsync()
    {
        WriteCorpus(Corpus);
        Engine = new Engine(Corpus.Path, Data.Path, now);
        await Engine.RefreshAsync();
    }

    public Task DisposeAsync()
    {
        Engine?.Dispose();
        Corpus.Dispose();
        Data.Dispose();
        return Task.CompletedTask;
    }
}
