using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;

namespace ChatBot.Testing.Fakes;

/// <summary>An answer log without SQLite, so adapter tests can see what was logged and voted on.</summary>
public sealed class FakeAnswerLog : IAnswerLog
{
    private int _next;

    public LoggedAnswers Answers { get; } = new();

    public ConcurrentQueue<FeedbackEntry> Feedback { get; } = new();

    public Task<string> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken)
    {
        var id = "a" + Interlocked.Increment(ref _next);
        Answers.Add(new LoggedAnswer(id, channel, userId, answer, DateTimeOffset.UtcNow));
        return Task.FromResult(id);
    }

    public Task<LoggedAnswer?> FindAsync(string answerId, CancellationToken cancellationToken) =>
        Task.FromResult(Answers.Find(answerId));

    public Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, CancellationToken cancellationToken) =>
        RecordFeedbackAsync(answerId, userId, helpful, comment: null, cancellationToken);

    public Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, string? comment, CancellationToken cancellationToken)
    {
        if (Answers.Find(answerId) is not { } logged)
        {
            return Task.FromResult(false);
        }
        Feedback.Enqueue(new FeedbackEntry(answerId, logged.Answer.Question, helpful, userId, DateTimeOffset.UtcNow) { Comment = comment });
        return Task.FromResult(true);
    }

    public Task<AnswerReport> ReportAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new AnswerReport([.. Answers.Where(a => !a.Answer.Answered)], [.. Feedback]));
}
