using System.Collections.Concurrent;
using ChatBot.Core.Answers;

namespace ChatBot.Discord.Tests.Doubles;

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

/// <summary>Fixed answers and citations for formatting tests.</summary>
public static class FixedAnswers
{
    public static readonly Citation Council = new(
        1,
        "2023-06-30-first-digital-partnership-council",
        "First EU–Korea Digital Partnership Council",
        new DateOnly(2023, 6, 30),
        "https://digital-strategy.ec.europa.eu/en/news/first-digital-partnership-council",
        "The next Digital Partnership Council will take place in Brussels in 2024.");

    public static readonly Citation Outlook = new(
        2,
        "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "The ROK–EU Digital Partnership: present and future",
        new DateOnly(2025, 8, 12),
        "https://example.org/rok-eu-digital-partnership",
        "Both sides agreed to hold the Council annually, alternating between Brussels and Seoul.");

    public static Answer CouncilAnswer(AskRequest request) => new(
        request.Question,
        true,
        "The next council meets in Brussels in 2024 [1], and councils alternate between Brussels and Seoul [2].",
        [Council, Outlook],
        0.8) { DocumentsSearched = 2 };
}
