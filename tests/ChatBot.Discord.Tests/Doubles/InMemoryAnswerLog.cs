using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;

namespace ChatBot.Discord.Tests.Doubles;

public sealed class InMemoryAnswerLog : IAnswerLog
{
    private readonly ConcurrentDictionary<string, LoggedAnswer> _answers = new();
    private int _next;

    public ConcurrentQueue<FeedbackEntry> Feedback { get; } = new();

    public IReadOnlyCollection<LoggedAnswer> Answers => _answers.Values.ToList();

    public Task<string> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken)
    {
        var id = "a" + Interlocked.Increment(ref _next);
        _answers[id] = new LoggedAnswer(id, channel, userId, answer, DateTimeOffset.UtcNow);
        return Task.FromResult(id);
    }

    public Task<LoggedAnswer?> FindAsync(string answerId, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetValueOrDefault(answerId));

    public Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, CancellationToken cancellationToken)
    {
        if (!_answers.TryGetValue(answerId, out var logged))
        {
            return Task.FromResult(false);
        }
        Feedback.Enqueue(new FeedbackEntry(answerId, logged.Answer.Question, helpful, userId, DateTimeOffset.UtcNow));
        return Task.FromResult(true);
    }

    public Task<AnswerReport> ReportAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new AnswerReport(
            _answers.Values.Where(a => !a.Answer.Answered).ToList(),
            Feedback.ToList()));
}
