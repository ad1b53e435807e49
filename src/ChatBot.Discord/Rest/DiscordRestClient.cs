using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ChatBot.Discord.Rest;

/// <summary>
/// The one way the adapter talks to Discord's REST API. Honours bucket and global rate limits and
/// every 429; never retries 401/403 or other 4xx; retries server errors and network failures a
/// bounded number of times with jitter (Polly), but only for calls where a repeat cannot duplicate
/// anything (message creation carries an enforced nonce for that reason). The buckets themselves
/// are Discord's own scheme and stay in <see cref="DiscordRateLimiter"/>.
/// </summary>
public sealed class DiscordRestClient : IDisposable
{
    private const int MaxRateLimitedAttempts = 8;
    private const int InteractionAlreadyAcknowledged = 40060;

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly DiscordRateLimiter _limiter;
    // Rate-limit waits inside failure retries, so a 429 never uses up an attempt meant for a failure.
    private readonly ResiliencePipeline<HttpResponseMessage> _safe;
    private readonly ResiliencePipeline<HttpResponseMessage> _rateLimitedOnly;
    private static readonly ResiliencePropertyKey<DiscordRoute> RouteKey = new("discord-route");

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
        _limiter = new DiscordRateLimiter(time, _options.Rest.GlobalRequestsPerSecond);
        _http.BaseAddress ??= _options.ApiBaseUri;
        _rateLimitedOnly = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddRetry(RateLimitRetry()).Build();
        _safe = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddRetry(FailureRetry()).AddRetry(RateLimitRetry()).Build();
    }

    public string ApplicationId => _options.ApplicationId ?? "";

    public void Dispose() => _limiter.Dispose();

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync<GatewayBotInfo>(new(HttpMethod.Get, "gateway/bot"), null, Retry.Safe, cancellationToken);

    /// <summary>
    /// Posts a message. A nonce with <c>enforce_nonce</c> makes Discord return the first message
    /// instead of creating a second one, so a retry after a lost response cannot post twice.
    /// </summary>
    public Task<CreatedMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken)
    {
        var withNonce = message with { Nonce = message.Nonce ?? NewNonce(), EnforceNonce = true };
        return SendAsync<CreatedMessage>(new(HttpMethod.Post, $"channels/{channelId}/messages"), withNonce, Retry.Safe, cancellationToken);
    }

    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement?>(new(HttpMethod.Post, $"channels/{channelId}/typing"), null, Retry.Safe, cancellationToken);

    /// <summary>Not retried on server errors: a repeat would fail with "thread already exists" at best.</summary>
    public Task<CreatedChannel> StartThreadAsync(string channelId, string messageId, string name, CancellationToken cancellationToken) =>
        SendAsync<CreatedChannel>(new(HttpMethod.Post, $"channels/{channelId}/messages/{messageId}/threads"), new StartThreadPayload(name), Retry.Never, cancellationToken);

    /// <summary>Bulk overwrite: the set of commands becomes exactly <paramref name="commands"/> (idempotent).</summary>
    public Task OverwriteCommandsAsync(string? guildId, object commands, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrWhiteSpace(guildId)
            ? $"applications/{ApplicationId}/commands"
            : $"applications/{ApplicationId}/guilds/{guildId}/commands";
        return SendAsync<JsonElement?>(new(HttpMethod.Put, path), commands, Retry.Safe, cancellationToken);
    }

    /// <summary>
    /// Answers an interaction received on the gateway. Retrying is safe: if the first attempt went
    /// through, Discord says "already acknowledged", which counts as success.
    /// </summary>
    public async Task RespondAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync<JsonElement?>(new(HttpMethod.Post, $"interactions/{interactionId}/{interactionToken}/callback", Authenticated: false), response, Retry.Safe, cancellationToken);
        }
        catch (DiscordApiException e) when (e.Code == InteractionAlreadyAcknowledged)
        {
            _logger.LogDebug("Interaction {InteractionId} was already acknowledged", interactionId);
        }
    }

    public Task<CreatedMessage> EditOriginalResponseAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync<CreatedMessage>(new(HttpMethod.Patch, $"webhooks/{ApplicationId}/{interactionToken}/messages/@original", Authenticated: false), message, Retry.Safe, cancellationToken);

    /// <summary>Follow-ups have no nonce, so server errors are not retried (a repeat could post twice).</summary>
    public Task<CreatedMessage> CreateFollowupAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync<CreatedMessage>(new(HttpMethod.Post, $"webhooks/{ApplicationId}/{interactionToken}", Authenticated: false), message, Retry.Never, cancellationToken);

    private static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant()[..24];

    private enum Retry
    {
        Never,
        Safe,
    }

    private async Task<T> SendAsync<T>(DiscordRoute route, object? body, Retry retry, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RouteKey, route);
        try
        {
            var unreachable = 0;
            var outcome = await (retry == Retry.Safe ? _safe : _rateLimitedOnly).ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    try
                    {
                        return Outcome.FromResult(await SendOnceAsync(route, body, ctx.CancellationToken));
                    }
                    catch (Exception e)
                    {
                        if (IsUnreachable(e, ctx.CancellationToken))
                        {
                            unreachable++;
                            _logger.LogDebug("Discord {Route} failed: {Error}", route, e.Message);
                        }
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context, 0);

            if (outcome.Exception is { } error)
            {
                if (IsUnreachable(error, cancellationToken))
                {
                    // Network failure or timeout: the request may or may not have reached Discord.
                    throw new HttpRequestException($"Discord {route} could not be reached after {unreachable} attempt(s).", error);
                }
                ExceptionDispatchInfo.Throw(error);
            }
            using var response = outcome.Result!;
            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync<T>(response, cancellationToken);
            }
            var refusal = await ReadErrorAsync(response, cancellationToken);
            throw new DiscordApiException(response.StatusCode, refusal.Code, refusal.Message ?? response.ReasonPhrase ?? "no details");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt, within the route's rate limits; a 429 is recorded so the next attempt waits it out.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(DiscordRoute route, object? body, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(route, cancellationToken);
        var response = await _http.SendAsync(BuildRequest(route, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
        _limiter.Record(route, response.Headers);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            var retryAfter = error.RetryAfter ?? response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            var global = error.Global || response.Headers.Contains("X-RateLimit-Global");
            _limiter.RecordTooManyRequests(route, retryAfter, global);
            _logger.LogWarning("Discord rate-limited {Route} ({Scope}); waiting {RetryAfter}", route, global ? "global" : "bucket", retryAfter);
        }
        return response;
    }

    /// <summary>Connection refused or reset, or a timeout: below HTTP, and not the caller giving up.</summary>
    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// A 429 was not processed, so repeating it is always safe; it is retried at once (the rate
    /// limiter holds the next attempt until the wait is over) and does not count as a failure.
    /// </summary>
    private static RetryStrategyOptions<HttpResponseMessage> RateLimitRetry() => new()
    {
        Name = "discord-rate-limit",
        MaxRetryAttempts = MaxRateLimitedAttempts - 1,
        Delay = TimeSpan.Zero,
        BackoffType = DelayBackoffType.Constant,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
    };

    /// <summary>Server errors and network failures, for calls a repeat cannot duplicate: exponential backoff with jitter, so many instances do not retry in lock-step.</summary>
    private RetryStrategyOptions<HttpResponseMessage> FailureRetry() => new()
    {
        Name = "discord-failure",
        MaxRetryAttempts = _options.Rest.MaxAttempts - 1,
        Delay = _options.Rest.RetryBaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is { } e ? IsUnreachable(e, args.Context.CancellationToken) : (int)args.Outcome.Result!.StatusCode >= 500),
        OnRetry = args =>
        {
            args.Context.Properties.TryGetValue(RouteKey, out var route);
            var what = args.Outcome.Result is { } r ? $"answered {(int)r.StatusCode}" : "could not be reached";
            _logger.LogWarning("Discord {Route} {What}; retry {Failure} of {Max}", route, what, args.AttemptNumber + 1, _options.Rest.MaxAttempts - 1);
            return default;
        },
    };

    private HttpRequestMessage BuildRequest(DiscordRoute route, object? body)
    {
        var request = new HttpRequestMessage(route.Method, route.Path);
        if (route.Authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
        }
        request.Headers.UserAgent.ParseAdd("DiscordBot (https://github.com/chatbot, 1.0)");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: DiscordJson.Options);
        }
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default!;
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Length == 0 ? default! : JsonSerializer.Deserialize<T>(bytes, DiscordJson.Options)!;
    }

    private static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            return new ErrorBody(
                root.TryGetProperty("code", out var code) && code.TryGetInt32(out var c) ? c : null,
                root.TryGetProperty("message", out var message) ? message.GetString() : null,
                root.TryGetProperty("retry_after", out var retry) && retry.TryGetDouble(out var seconds) ? TimeSpan.FromSeconds(seconds) : null,
                root.TryGetProperty("global", out var global) && global.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return new ErrorBody(null, null, null, false);
        }
    }

    private sealed record ErrorBody(int? Code, string? Message, TimeSpan? RetryAfter, bool Global);
}
