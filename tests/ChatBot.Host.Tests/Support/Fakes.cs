using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Testing;

namespace ChatBot.Host.Tests.Support;

/// <summary>Answers from a fixed script and remembers every request it saw.</summary>
public sealed class FakeAnswerEngine(Func<AskRequest, Answer>? answer = null) : IAnswerEngine
{
    public ConcurrentQueue<AskRequest> Requests { get; } = new();

    public Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult((answer ?? SampleAnswers.For)(request));
    }
}

public static class SampleAnswers
{
    public const string Explode = "explode";
    public const string Unanswerable = "What is the capital of Mars?";

    public static readonly Citation Council2023 = new(
        1,
        "2023-06-30-first-digital-partnership-council",
        "The First Digital Partnership council between the EU and Korea held in Seoul",
        new DateOnly(2023, 6, 30),
        "https://k-erc.eu/the-first-digital-partnership-council-between-the-eu-and-korea-held-in-seoul/",
        "The European Union and the Republic of Korea held the first Digital Partnership council in Seoul, Republic of Korea.");

    public static readonly Citation Council2024 = new(
        2,
        "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "The ROK-EU Digital Partnership: present and future",
        new DateOnly(2025, 8, 12),
        "https://example.org/rok-eu-digital-partnership",
        "The second Council meeting took place in March 2024 and added secure network connectivity.");

    /// <summary>A cited answer, a refusal for <see cref="Unanswerable"/>, and a failure for <see cref="Explode"/>.</summary>
    public static Answer For(AskRequest request) => request.Question switch
    {
        Explode => throw new InvalidOperationException("engine blew up"),
        Unanswerable => AnswerEngine.Declined(request.Question, ["semiconductors", "ai"]) with { DocumentsSearched = 2 },
        _ => new Answer(
            request.Question,
            true,
            "The first council met in Seoul in June 2023 [1]; the second took place in March 2024 [2].",
            [Council2023, Council2024],
            0.82)
        {
            DocumentsSearched = 2,
            Elapsed = TimeSpan.FromMilliseconds(42),
        },
    };
}

public sealed class FakeKnowledgeBase(bool ready) : IKnowledgeBase
{
    private readonly TaskCompletionSource _ready = CreateReady(ready);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WhenReady => _ready.Task;

    public IReadOnlyList<DocumentInfo> Documents { get; } =
    [
        new("2025-08-12-rok-eu-digital-partnership-present-and-future", "Present and future", new DateOnly(2025, 8, 12), null, null, null, "en", [], "h2"),
        new("2023-06-30-first-digital-partnership-council", "First council", new DateOnly(2023, 6, 30), null, null, null, "en", [], "h1"),
    ];

    public void Fail(string reason) => _ready.TrySetException(new InvalidDataException(reason));

    public IReadOnlyList<Passage> PassagesOf(string documentId) => [];

    public Task<IndexReport> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake knowledge base does not index");

    private static TaskCompletionSource CreateReady(bool ready)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (ready)
        {
            source.SetResult();
        }
        return source;
    }
}

public static class TestServices
{
    private static readonly Topic Semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
    private static readonly Topic Ai = new("ai", "Artificial intelligence", ["AI"], "artificial intelligence");

    /// <summary>Engine, knowledge base, topics and summaries replaced by doubles with fixed content.</summary>
    public static Action<IServiceCollection> Doubles(FakeAnswerEngine? engine = null, FakeKnowledgeBase? knowledge = null) => services =>
    {
        services.AddSingleton<IAnswerEngine>(engine ?? new FakeAnswerEngine());
        services.AddSingleton<IKnowledgeBase>(knowledge ?? new FakeKnowledgeBase(ready: true));
        services.AddSingleton<ITopicCatalog>(new FakeTopicCatalog(new TopicCoverage(Semiconductors, 2), new TopicCoverage(Ai, 1))
        {
            Suggest = text => text.StartsWith("semi", StringComparison.OrdinalIgnoreCase) ? Semiconductors : null,
        });
        services.AddSingleton<ISummaryService>(sp => new FakeSummaryService(sp.GetRequiredService<ITopicCatalog>(), (_, match) =>
            new Answer(match.Name, true, $"{match.Name}: the partners set up a researchers' forum [1].", [SampleAnswers.Council2023], 0.7)
            {
                DocumentsSearched = 2,
            }));
    };
}
