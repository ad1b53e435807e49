using ChatBot.Core.Answers;
using ChatBot.Core.Topics;

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

public sealed record CitationResponse(int N, string Document, string Title, DateOnly? Date, string? Url, string Quote);

/// <summary>Body of <c>POST /api/ask</c>.</summary>
/// <param name="PreviousQuestion">Context kept by an older page; the server's stored context for <paramref name="ConversationId"/> wins.</param>
public sealed record AskBody(string? Question, string? PreviousQuestion, string? ConversationId = null);

/// <summary>Body of <c>POST /api/feedback</c>.</summary>
public sealed record FeedbackBody(string? AnswerId, string? ConversationId, bool? Helpful, string? Comment = null);

public sealed record FeedbackResponse(bool Recorded);

public sealed record ErrorResponse(string Error);

public sealed record TopicResponse(string Id, string Name, IReadOnlyList<string> Aliases, int DocumentCount);

public sealed record TopicRef(string Id, string Name)
{
    public static TopicRef From(Topic topic) => new(topic.Id, topic.Name);
}

/// <summary>What <c>GET /api/summary</c> answers for a topic it does not know.</summary>
public sealed record UnknownTopicResponse(string Error, TopicRef? Closest, IReadOnlyList<TopicRef> KnownTopics);
