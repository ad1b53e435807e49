using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Fakes;

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
