using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Teams.Outgoing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ChatBot.Teams.Connector;

/// <summary>
/// The Bot Framework Connector REST API on an activity's <c>serviceUrl</c>: reply, send, update,
/// typing, create conversation and member look-up. Calls go only to allowed service URLs and never
/// follow redirects. Retries (Polly, exponential with jitter) cover what the service did not
/// take: 412, 429 (honouring Retry-After up to <see cref="MaxRetryAfter"/>), 502, 504 and
/// connection failures. Any other 5xx, a timeout or an interruption after a post was sent means the
/// post may have been accepted; as the Connector has no idempotency key, such a post is never
/// repeated here (<see cref="ConnectorException.MayHaveBeenAccepted"/>), while idempotent calls
/// (PUT, GET) are retried.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    ConnectorTokenProvider tokens,
    ServiceUrlPolicy serviceUrls,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<ConnectorClient> logger)
{
    internal const int MaxAttempts = 4;

    /// <summary>The longest a request waits in place for a 429; longer waits are handed back to the caller as <see cref="ConnectorException.RetryAfter"/>.</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>First backoff step when the service gives no Retry-After; doubles per attempt, with jitter.</summary>
    internal TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether the call may be repeated after the service may have taken it (PUT, GET): read by the shared pipeline.</summary>
    private static readonly ResiliencePropertyKey<bool> IdempotentKey = new("connector-idempotent");

    private ResiliencePipeline<HttpResponseMessage>? _retrying;

    /// <summary>
    /// One pipeline for every call of this (singleton) client. Built on first use rather than in
    /// the constructor, so that a <see cref="BackoffBase"/> set by an initializer is the one it uses.
    /// </summary>
    private ResiliencePipeline<HttpResponseMessage> Retrying => LazyInitializer.EnsureInitialized(ref _retrying, BuildRetrying);

    /// <summary>Posts into the conversation, as a reply to <paramref name="replyToId"/> when given.</summary>
    /// <returns>The id the service gave the new activity, if it returned one.</returns>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, MessageActivity activity, string? replyToId, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
            activity = activity with { ReplyToId = replyToId };
        }
        using var body = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, path, Json(activity), cancellationToken).ConfigureAwait(false);
        return ReadString(body, "id");
    }

    /// <summary>One attempt only: a late typing indicator is worse than none.</summary>
    public async Task SendTypingAsync(string serviceUrl, string conversationId, MessageActivity typing, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        using var _ = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, path, Json(typing with { Type = Activities.ActivityTypes.Typing }), cancellationToken, retry: false).ConfigureAwait(false);
    }

    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, MessageActivity activity, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}";
        using var _ = await SendWithRetryAsync(HttpMethod.Put, serviceUrl, path, Json(activity with { Id = activityId }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a conversation (in Teams channels: a new thread) with its first activity.</summary>
    public async Task<CreatedConversation> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        using var body = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, "v3/conversations",
            JsonSerializer.SerializeToNode(parameters, TeamsJsonContext.Outbound.ConversationParameters)!.AsObject(), cancellationToken).ConfigureAwait(false);
        var id = ReadString(body, "id") ?? throw new ConnectorException("create conversation returned no id", HttpStatusCode.OK) { MayHaveBeenAccepted = true };
        return new CreatedConversation(id, ReadString(body, "activityId"));
    }

    /// <summary>The typed activity as the JSON the Connector reads (serialized once, here at the edge).</summary>
    private static JsonObject Json(MessageActivity activity) =>
        JsonSerializer.SerializeToNode(activity, TeamsJsonContext.Outbound.MessageActivity)!.AsObject();

    private async Task<JsonDocument?> SendWithRetryAsync(HttpMethod method, string serviceUrl, string path, JsonObject payload, CancellationToken cancellationToken, bool retry = true)
    {
        if (!serviceUrls.IsAllowed(serviceUrl))
        {
            // Checked here too, not only on arrival: stored references (digests) may predate the policy.
            throw new ConnectorException("the serviceUrl is not an allowed Connector URL; nothing was sent", null) { RefusedByPolicy = true };
        }
        // Stable across attempts, so the service (and our logs) can recognise a repeated request.
        if (payload["activity"] is JsonObject inner)
        {
            inner["id"] ??= NewActivityId();
        }
        else if (method == HttpMethod.Post)
        {
            payload["id"] ??= NewActivityId();
        }
        var json = payload.ToJsonString(TeamsJson.Outbound);
        var uri = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        var idempotent = method != HttpMethod.Post;
        var what = $"{method} {path.Split('/')[^1]}";

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(IdempotentKey, idempotent);
        try
        {
            var pipeline = retry ? Retrying : ResiliencePipeline<HttpResponseMessage>.Empty;
            var outcome = await pipeline.ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    try
                    {
                        return Outcome.FromResult(await SendOnceAsync(method, uri, json, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context, 0).ConfigureAwait(false);

            if (outcome.Exception is { } error)
            {
                throw Translate(error, idempotent, what, cancellationToken);
            }
            using var response = outcome.Result!;
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return TryParse(text);
            }
            throw Refused(response, idempotent, what);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One request; a 401 renews the token once and resends at once (the old token expired or was revoked).</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, string json, CancellationToken cancellationToken)
    {
        for (var renewed = false; ; renewed = true)
        {
            using var request = new HttpRequestMessage(method, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (options.Value.AuthEnabled)
            {
                var token = await tokens.GetTokenAsync(forceRefresh: renewed, cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new InterruptedInFlightException(ex);
            }
            if (response.StatusCode != HttpStatusCode.Unauthorized || renewed || !options.Value.AuthEnabled)
            {
                return response;
            }
            response.Dispose();
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildRetrying() =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BackoffBase,
                MaxDelay = MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(IdempotentKey, false), args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    logger.LogInformation("Connector answered {Status}; retrying in {Delay} ms (attempt {Attempt})",
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name,
                        (int)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } ex)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            // Connection refused or reset before sending: nothing reached the service.
            return ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                || (idempotent && ex is HttpRequestException);
        }
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // A wait beyond the cap is not spent holding this request: the caller defers the work.
            return RetryAfter(response) is not { } wait || wait <= MaxRetryAfter;
        }
        return status is 412 or 502 or 504 || (idempotent && status >= 500);
    }

    private ConnectorException Refused(HttpResponseMessage response, bool idempotent, string what)
    {
        var status = response.StatusCode;
        var code = (int)status;
        if (status == HttpStatusCode.TooManyRequests)
        {
            var wait = RetryAfter(response) ?? MaxRetryAfter;
            return new ConnectorException($"Connector answered 429 for {what}; asked to wait {wait.TotalSeconds:0} s", status) { RetryAfter = wait, IsTransient = true };
        }
        if (code is 412 or 502 or 504 || (idempotent && code >= 500))
        {
            return new ConnectorException($"Connector answered {code} for {what}", status) { IsTransient = true };
        }
        if (code >= 500)
        {
            return new ConnectorException($"Connector answered {code} for {what}; it may have posted it, so it is not sent again", status) { MayHaveBeenAccepted = true };
        }
        return new ConnectorException($"Connector answered {code} for {what}", status);
    }

    private static Exception Translate(Exception error, bool idempotent, string what, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case ConnectorException:
                return error; // from the token provider
            case InterruptedInFlightException interrupted:
                // Stopped by the caller while the request was on the wire.
                return idempotent
                    ? interrupted.InnerException!
                    : new ConnectorException($"{what} was interrupted after it was sent; it may have been posted", null, interrupted.InnerException) { MayHaveBeenAccepted = true, Interrupted = true };
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return error; // while waiting between attempts or for a token: nothing is on the wire
            case OperationCanceledException:
                return new ConnectorException($"{what} timed out; it may have been posted", null, error) { MayHaveBeenAccepted = !idempotent, IsTransient = idempotent };
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } http:
                return new ConnectorException($"Connector unreachable: {http.HttpRequestError}", null, error) { IsTransient = true };
            case HttpRequestException http:
                return new ConnectorException($"Connector request failed: {http.HttpRequestError}", null, error) { MayHaveBeenAccepted = !idempotent, IsTransient = idempotent };
            default:
                return error;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string NewActivityId() => Guid.NewGuid().ToString("N");

    private static JsonDocument? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(JsonDocument? body, string property) =>
        body is not null && body.RootElement.ValueKind == JsonValueKind.Object
        && body.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
