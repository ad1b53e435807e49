using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatBot.Core.Conversations;
using ChatBot.Core.Diagnostics;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Topics;

namespace ChatBot.Host.Web;

/// <summary>
/// <c>/api/ask</c>, <c>/api/feedback</c>, <c>/api/topics</c> and <c>/api/summary</c>: the JSON the
/// chat page is built on. Questions, votes and summaries are turns of the shared conversation, so
/// the web chat's answers are logged, can be voted on, and keep their follow-up context on the
/// server (by the conversation id each answer carries) across restarts.
/// </summary>
public static class ChatApiEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxQuestionLength = 1000;
    public const int MaxTopicLength = 200;

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/ask", AskAsync);
        endpoints.MapPost("/api/feedback", FeedbackAsync);
        endpoints.MapGet("/api/topics", TopicsAsync);
        endpoints.MapGet("/api/summary", SummaryAsync);
        return endpoints;
    }

    private static async Task<IResult> AskAsync(HttpContext context, ConversationService conversations, IKnowledgeBase knowledge, RefusalLog refusals)
    {
        var (ask, refused) = await ReadJsonAsync<AskBody>(context, refusals, "{\"question\": \"...\"}");
        if (refused is not null)
        {
            return refused;
        }
        var question = ask!.Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, "the question must not be empty");
        }
        if (question.Length > MaxQuestionLength)
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest,
                $"the question is too long ({question.Length} characters; the limit is {MaxQuestionLength})");
        }
        var previous = string.IsNullOrWhiteSpace(ask.PreviousQuestion) ? null : ask.PreviousQuestion.Trim();
        if (previous is { Length: > MaxQuestionLength })
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest,
                $"previousQuestion is too long ({previous.Length} characters; the limit is {MaxQuestionLength})");
        }
        if (knowledge.WhenReady.IsFaulted)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the document index failed to load; /readyz says why");
        }

        // The page keeps its conversation id; a new page (or a malformed id) starts a new conversation.
        var starts = !WebConversation.IsId(ask.ConversationId);
        var conversation = starts ? WebConversation.NewId() : ask.ConversationId!;
        var reply = await conversations.HandleAsync(WebConversation.Turn(conversation, new ChatCommand.Ask(question, previous), starts), context.RequestAborted);
        return reply switch
        {
            ChatReply.Answered answered => Results.Json(AnswerResponse.From(answered.Answer, answered.AnswerId, conversation)),
            // The service logged the cause; the client gets no exception text.
            _ => Error(StatusCodes.Status500InternalServerError, "the answer engine failed; please try again"),
        };
    }

    private static async Task<IResult> FeedbackAsync(HttpContext context, ConversationService conversations, RefusalLog refusals)
    {
        var (vote, refused) = await ReadJsonAsync<FeedbackBody>(context, refusals, "{\"answerId\": \"...\", \"conversationId\": \"...\", \"helpful\": true}");
        if (refused is not null)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(vote!.AnswerId) || vote.AnswerId.Length > 64 || vote.Helpful is not { } helpful)
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, "answerId and helpful (true or false) are required");
        }
        if (!WebConversation.IsId(vote.ConversationId))
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, "conversationId must be the id /api/ask returned with the answer");
        }
        if (vote.Comment is { Length: > MaxQuestionLength })
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, $"the comment is too long (the limit is {MaxQuestionLength} characters)");
        }
        var reply = await conversations.HandleAsync(
            WebConversation.Turn(vote.ConversationId!, new ChatCommand.Feedback(vote.AnswerId, helpful, vote.Comment)), context.RequestAborted);
        return reply switch
        {
            ChatReply.FeedbackRecorded => Results.Json(new FeedbackResponse(Recorded: true)),
            ChatReply.AnswerNotFound => Error(StatusCodes.Status404NotFound, "no such answer in this conversation"),
            _ => Error(StatusCodes.Status500InternalServerError, "the feedback could not be recorded; please try again"),
        };
    }

    private static async Task<IResult> TopicsAsync(ITopicCatalog catalog, CancellationToken cancellationToken)
    {
        var coverage = await catalog.CoverageAsync(cancellationToken);
        return Results.Json(coverage
            .Select(c => new TopicResponse(c.Topic.Id, c.Topic.Name, c.Topic.Aliases, c.DocumentCount))
            .ToList());
    }

    private static async Task<IResult> SummaryAsync(HttpContext context, ConversationService conversations, RefusalLog refusals, string? topic, string? conversationId)
    {
        topic = topic?.Trim();
        if (string.IsNullOrEmpty(topic))
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, "the topic query parameter is required, e.g. /api/summary?topic=semiconductors");
        }
        if (topic.Length > MaxTopicLength)
        {
            return Refuse(context, refusals, StatusCodes.Status400BadRequest, $"the topic is too long (the limit is {MaxTopicLength} characters)");
        }
        var conversation = WebConversation.IsId(conversationId) ? conversationId! : WebConversation.NewId();
        var reply = await conversations.HandleAsync(WebConversation.Turn(conversation, new ChatCommand.Summary(topic)), context.RequestAborted);
        switch (reply)
        {
            case ChatReply.Answered answered:
                return Results.Json(AnswerResponse.From(answered.Answer, answered.AnswerId, conversation));
            case ChatReply.UnknownTopic { Result: var result }:
                var closest = result.Closest is { } near ? TopicRef.From(near) : null;
                var hint = closest is null ? "" : $"; did you mean '{closest.Name}'?";
                return Results.Json(
                    new UnknownTopicResponse($"unknown topic '{topic}'{hint}", closest, result.KnownTopics.Select(TopicRef.From).ToList()),
                    statusCode: StatusCodes.Status404NotFound);
            default:
                return Error(StatusCodes.Status500InternalServerError, "the summary failed; please try again");
        }
    }

    /// <summary>The body as <typeparamref name="T"/>, or the refusal that says why it is not one.</summary>
    private static async Task<(T? Body, IResult? Refused)> ReadJsonAsync<T>(HttpContext context, RefusalLog refusals, string example) where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Refuse(context, refusals, StatusCodes.Status415UnsupportedMediaType,
                $"send JSON with Content-Type: application/json, e.g. {example}"));
        }
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body.Error is { } error)
        {
            return (null, Refuse(context, refusals, error.Status, error.Message));
        }
        try
        {
            return JsonSerializer.Deserialize(body.Bytes, (JsonTypeInfo<T>)WebJson.Default.GetTypeInfo(typeof(T))!) is { } parsed
                ? (parsed, null)
                : (null, Refuse(context, refusals, StatusCodes.Status400BadRequest, $"the request body must be a JSON object like {example}"));
        }
        catch (JsonException ex)
        {
            // The parser's message quotes the body; the log gets only the gist.
            return (null, Refuse(context, refusals, StatusCodes.Status400BadRequest,
                $"the request body is not valid JSON for {example}: {ex.Message}", logged: "the request body is not valid JSON"));
        }
    }

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/> whatever the server's own limit is, so an absurd
    /// body is refused before it is buffered or parsed.
    /// </summary>
    private static async Task<(byte[] Bytes, (int Status, string Message)? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (int, string) tooLarge = (StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {MaxBodyBytes} bytes");
        if (request.ContentLength > MaxBodyBytes)
        {
            return ([], tooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return ([], tooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return ([], (StatusCodes.Status400BadRequest, "the request body is empty; send {\"question\": \"...\"}"));
        }
        return (buffer.ToArray(), null);
    }

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(message), statusCode: status);

    /// <summary>An error for a request refused for what it sent, logged at a bounded rate.</summary>
    private static IResult Refuse(HttpContext context, RefusalLog refusals, int status, string message, string? logged = null)
    {
        // The route's own pattern, not the path as sent: a client must not be able to mint new keys.
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "web";
        refusals.Refused(endpoint, $"{status} {logged ?? message}", context.Connection.RemoteIpAddress?.ToString());
        return Error(status, message);
    }
}
