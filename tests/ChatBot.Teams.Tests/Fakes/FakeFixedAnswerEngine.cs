using System.Collections.Concurrent;
using ChatBot.Core.Answers;

namespace ChatBot.Teams.Tests.Fakes;

// Stand-ins for the Core services built on other branches, registered over the real worker.

public sealed class FakeFixedAnswerEngine : IAnswerEngine
{
    public static readonly Citation Council = new(1, "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "ROK–EU Digital Partnership: present and future", new DateOnly(2025, 8, 12), "https://example.org/present-and-future",
        "The next Digital Partnership Council is expected to take place in Seoul in 2026, where both sides will review progress on semiconductors, AI and data.");

    public static readonly Citation First = new(2, "2023-06-30-first-digital-partnership-council",
        "First Digital Partnership Council", new DateOnly(2023, 6, 30), "https://example.org/first-council",
        "The first Digital Partnership Council met in Seoul on 30 June 2023.");

    public ConcurrentQueue<AskRequest> Requests { get; } = new();

    /// <summary>When set, answers wait until it completes (a slow engine).</summary>
    public TaskCompletionSource? Gate { get; set; }

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most questions this engine was answering at one moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = MaxInFlight; inFlight > max && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max; max = MaxInFlight)
        {
        }
        try
        {
            Requests.Enqueue(request);
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
        if (!request.Question.Contains("council", StringComparison.OrdinalIgnoreCase))
        {
            // The engine's own refusal, so renderers are tested against the text users really get.
            return AnswerEngine.Declined(request.Question, ["semiconductors", "data"]);
        }
        return new Answer(request.Question, true,
            "The next council is expected in Seoul in 2026 [1]; the first met on 30 June 2023 [2].",
            [Council, First], 0.8);
    }
}
