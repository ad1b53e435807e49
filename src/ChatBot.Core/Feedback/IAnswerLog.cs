using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;

namespace ChatBot.Core.Feedback;

/// <summary>
/// Remembers answers given in chat so buttons ("Show quotes", feedback) can refer to them by id,
/// and so maintainers can review unanswered questions and negative feedback.
/// </summary>
public interface IAnswerLog
{
    /// <returns>A short id (safe for Discord custom_id and card data) for the recorded answer.</returns>
    Task<string> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken);

    Task<LoggedAnswer?> FindAsync(string answerId, CancellationToken cancellationToken);

    /// <returns>False when the answer id is unknown.</returns>
    Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, CancellationToken cancellationToken);

    /// <summary>As above, keeping what the user typed with the vote (Teams' feedback form).</summary>
    Task<bool> RecordFeedbackAsync(string answerId, string? userId, bool helpful, string? comment, CancellationToken cancellationToken) =>
        RecordFeedbackAsync(answerId, userId, helpful, cancellationToken);

    Task<AnswerReport> ReportAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
