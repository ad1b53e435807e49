using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Support;

/// <summary>A knowledge base and answer engine over a corpus folder, with a fixed clock.</summary>
public sealed class Engine : IDisposable
{
    public Engine(string corpus, string data, DateTimeOffset? now = null, AnswerOptions? answers = null, long? maxFileBytes = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var index = new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile };
        if (maxFileBytes is { } max)
        {
            index.MaxFileBytes = max;
        }
        Knowledge = new KnowledgeBase(new ChatBotPaths(corpus, data), Options.Create(index));
        Answers = new AnswerEngine(Knowledge, Time, Options.Create(answers ?? new AnswerOptions()));
    }

    public FakeTimeProvider Time { get; }

    public KnowledgeBase Knowledge { get; }

    public AnswerEngine Answers { get; }

    public Task<IndexReport> RefreshAsync(bool rebuild = false) => Knowledge.RefreshAsync(rebuild, null, CancellationToken.None);

    public Task<Answer> AskAsync(string question, string? previous = null) =>
        Answers.AskAsync(new AskRequest(question, previous, "test"), CancellationToken.None);

    public void Dispose() => Knowledge.Dispose();
}
