using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;

namespace ChatBot.Testing.Fakes;

/// <summary>An answer log whose store is broken (a full disk, a locked file): every write throws.</summary>
public sealed class FakeFailingAnswerLog : IAnswerLog
{
    public int Attempts;

    public Task<string> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        throw new IOException("database or disk is full");
    }

    public Task<LoggedAnswer?> FindAsync(string answerId, CancellationToken cancellationToken) => Task.FromResult<LoggedAnswer?>(null);

    public Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, CancellationToken cancellationToken) =>
        throw new IOException("database or disk is full");

    public Task<AnswerReport> ReportAsync(DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult(new AnswerReport([], []));
}
