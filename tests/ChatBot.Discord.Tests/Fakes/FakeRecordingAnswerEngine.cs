using System.Collections.Concurrent;
using ChatBot.Core.Answers;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>
/// Wraps the real engine (over the repo's corpus) and records every request, so tests can check
/// what the adapter asked (origin, thread context). <see cref="Respond"/> swaps in a fixed answer
/// for tests about exact formatting.
/// </summary>
public sealed class FakeRecordingAnswerEngine(IAnswerEngine inner) : IAnswerEngine
{
    public ConcurrentQueue<AskRequest> Requests { get; } = new();

    public ConcurrentQueue<Answer> Answers { get; } = new();

    public Func<AskRequest, Answer>? Respond { get; set; }

    /// <summary>Like <see cref="Respond"/>, for answers that wait (and may be cancelled).</summary>
    public Func<AskRequest, CancellationToken, Task<Answer>>? RespondAsync { get; set; }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var answer = RespondAsync is { } respondAsync ? await respondAsync(request, cancellationToken)
            : Respond is { } respond ? respond(request)
            : await inner.AskAsync(request, cancellationToken);
        Answers.Enqueue(answer);
        return answer;
    }
}
