using ChatBot.Core.Answers;

namespace ChatBot.Host.Web;

/// <summary>The answer model as the web API sends it (camelCase JSON, elapsed time in milliseconds).</summary>
/// <param name="AnswerId">The answer-log id to vote on (<c>POST /api/feedback</c>); null when the log failed.</param>
/// <param name="ConversationId">Send it back with the next question: follow-ups are read in its context.</param>
public sealed record AnswerResponse(
    string Question,
    bool Answered,
    string Text,
    IReadOnlyList<CitationResponse> Citations,
    double Confidence,
    IReadOnlyList<string> SuggestedTopics,
    int DocumentsSearched,
    long ElapsedMs,
    string? AnswerId = null,
    string? ConversationId = null)
{
    public static AnswerResponse From(Answer answer, string? answerId = null, string? conversationId = null) => new(
        answer.Question,
        answer.Answered,
        answer.Text,
        answer.Citations.Select(c => new CitationResponse(c.N, c.Document, c.Title, c.Date, c.Url, c.Quote)).ToList(),
        answer.Confidence,
        answer.SuggestedTopics,
        answer.DocumentsSearched,
        (long)Math.Round(answer.Elapsed.TotalMilliseconds),
        answerId,
        conversationId);
}
