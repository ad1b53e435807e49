using System.Text.Json;
using ChatBot.Core.Answers;
using ChatBot.Core.Diagnostics;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Host.Observability;

namespace ChatBot.Host.Web;

/// <summary><c>/api/ask</c>, <c>/api/topics</c> and <c>/api/summary</c>: the JSON the chat page is built on.</summary>
public static class ChatApiEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxQuestionLength = 1000;
    public const int MaxTopicLength = 200;
    public const string Origin = "web";

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/ask", AskAsync);
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop its result.
        endpoints.MapGet("/api/topics", (Delegate)TopicsAsync);
        endpoints.MapGet("/api/summary", SummaryAsync);
        return endpoints;
    }

    private static async Task<IResult> AskAsync(HttpContext context, ILoggerFactory loggers)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType,
                "send the question as JSON with Content-Type: application/json, e.g. {\"question\": \"...\"}");
        }
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body.Error is { } error)
        {
            return Refuse(context, error.Status, error.Message);
        }
        AskBody? ask;
        try
        {
            ask = JsonSerializer.Deserialize<AskBody>(body.Bytes, BodyJson);
        }
        catch (JsonException ex)
        {
            // The parser's message quotes the body; the log gets only the gist.
            return Refuse(context, StatusCodes.Status400BadRequest,
                $"the request body is not valid JSON for {{\"question\": \"...\"}}: {ex.Message}", logged: "the request body is not valid JSON");
        }
        if (ask is null)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, "the request body must be a JSON object like {\"question\": \"...\"}");
        }
        var question = ask.Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            return Refuse(context, StatusCodes.Status400BadRequest, "the question must not be empty");
        }
        if (question.Length > MaxQuestionLength)
        {
            return Refuse(context, StatusCodes.Status400BadRequest,
                $"the question is too long ({question.Length} characters; the limit is {MaxQuestionLength})");
        }
        var previous = string.IsNullOrWhiteSpace(ask.PreviousQuestion) ? null : ask.PreviousQuestion.Trim();
        if (previous is { Length: > MaxQuestionLength })
        {
            return Refuse(context, StatusCodes.Status400BadRequest,
                $"previousQuestion is too long ({previous.Length} characters; the limit is {MaxQuestionLength})");
        }

        var engine = context.RequestServices.GetService<IAnswerEngine>();
        if (engine is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the answer engine is not available");
        }
        if (context.RequestServices.GetService<IKnowledgeBase>() is { WhenReady.IsFaulted: true })
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the document index failed to load; /readyz says why");
        }
        try
        {
            var answer = await engine.AskAsync(new AskRequest(question, previous, Origin), context.RequestAborted);
            return Results.Json(AnswerResponse.From(answer));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The question text is the user's own; the log keeps only its length.
            loggers.CreateLogger(typeof(ChatApiEndpoints)).LogError(ex, "Answering a web question ({Length} characters) failed", question.Length);
            return Error(StatusCodes.Status500InternalServerError, "the answer engine failed; please try again");
        }
    }

    private static async Task<IResult> TopicsAsync(HttpContext context)
    {
        var catalog = context.RequestServices.GetService<ITopicCatalog>();
        if (catalog is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "topics are not available");
        }
        var coverage = await catalog.CoverageAsync(context.RequestAborted);
        return Results.Json(coverage
            .Select(c => new TopicResponse(c.Topic.Id, c.Topic.Name, c.Topic.Aliases, c.DocumentCount))
            .ToList());
    }

    private static async Task<IResult> SummaryAsync(HttpContext context, string? topic)
    {
        topic = topic?.Trim();
        if (string.IsNullOrEmpty(topic))
        {
            return Refuse(context, StatusCodes.Status400BadRequest, "the topic query parameter is required, e.g. /api/summary?topic=semiconductors");
        }
        if (topic.Length > MaxTopicLength)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, $"the topic is too long (the limit is {MaxTopicLength} characters)");
        }
        var summaries = context.RequestServices.GetService<ISummaryService>();
        if (summaries is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "summaries are not available");
        }
        var result = await summaries.SummarizeAsync(topic, context.RequestAborted);
        if (result is { Found: true, Summary: { } summary })
        {
            return Results.Json(AnswerResponse.From(summary));
        }
        var closest = result.Closest is { } near ? TopicRef.From(near) : null;
        var hint = closest is null ? "" : $"; did you mean '{closest.Name}'?";
        return Results.Json(
            new UnknownTopicResponse($"unknown topic '{topic}'{hint}", closest, result.KnownTopics.Select(TopicRef.From).ToList()),
            statusCode: StatusCodes.Status404NotFound);
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
    private static IResult Refuse(HttpContext context, int status, string message, string? logged = null)
    {
        // The route's own pattern, not the path as sent: a client must not be able to mint new keys.
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "web";
        context.RequestServices.GetService<RefusalLog>()?.Refused(endpoint, $"{status} {logged ?? message}", context.Connection.RemoteIpAddress?.ToString());
        return Error(status, message);
    }
}
