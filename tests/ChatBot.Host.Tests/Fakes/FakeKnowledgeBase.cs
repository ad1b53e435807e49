using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Host.Tests.Fakes;

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
