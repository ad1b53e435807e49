using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Rest;

/// <summary>
/// The one way the adapter talks to Discord's REST API. Honours bucket and global rate limits and
/// every 429; never retries 401/403 or other 4xx; retries server errors and network failures a
/// bounded number of times with jitter, but only for calls where a repeat cannot duplicate
/// anything (message creation carries an enforced nonce for that reason).
/// </summary>
public sealed class DiscordRestClient : IDisposable
{
    private const int MaxRateLimitedAttempts = 8;
    private const int InteractionAlreadyAcknowledged = 40060;

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly DiscordRateLimiter _limiter;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _limiter = new DiscordRateLimiter(time, _options.Rest.GlobalRequestsPerSecond);
        _http.BaseAddress ??= _options.ApiBaseUri;
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
        var failures = 0;
        for (var attempt = 1; ; attempt++)
        {
            using var response = await TrySendAsync(route, body, cancellationToken);
            if (response is null)
            {
                // Network failure or timeout: the request may or may not have reached Discord.
                if (retry == Retry.Never || ++failures >= _options.Rest.MaxAttempts)
                {
                    throw new HttpRequestException($"Discord {route} could not be reached after {failures} attempt(s).");
                }
                _logger.LogWarning("Discord {Route} could not be reached; retry {Failure} of {Max}", route, failures, _options.Rest.MaxAttempts - 1);
                await Task.Delay(Backoff(failures), _time, cancellationToken);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync<T>(response, cancellationToken);
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitedAttempts)
            {
                // A 429 was not processed, so repeating it is always safe; it does not count as a failure.
                var retryAfter = error.RetryAfter ?? response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                var global = error.Global || response.Headers.Contains("X-RateLimit-Global");
                _limiter.RecordTooManyRequests(route, retryAfter, global);
                _logger.LogWarning("Discord rate-limited {Route} ({Scope}); waiting {RetryAfter}", route, global ? "global" : "bucket", retryAfter);
                continue;
            }

            if ((int)response.StatusCode >= 500 && retry == Retry.Safe && ++failures < _options.Rest.MaxAttempts)
            {
                _logger.LogWarning("Discord {Route} answered {Status}; retry {Failure} of {Max}", route, (int)response.StatusCode, failures, _options.Rest.MaxAttempts - 1);
                await Task.Delay(Backoff(failures), _time, cancellationToken);
                continue;
            }

            throw new DiscordApiException(response.StatusCode, error.Code, error.Message ?? response.ReasonPhrase ?? "no details");
        }
    }

    /// <returns>Null when the request failed below HTTP (connection refused or reset, timeout).</returns>
    private async Task<HttpResponseMessage?> TrySendAsync(DiscordRoute route, object? body, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(route, cancellationToken);
        try
        {
            var response = await _http.SendAsync(BuildRequest(route, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
            _limiter.Record(route, response.Headers);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug("Discord {Route} failed: {Error}", route, e.Message);
            return null;
        }
    }

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

    private TimeSpan Backoff(int failures)
    {
        // Full jitter keeps many instances from retrying in lock-step.
        var ceiling = _options.Rest.RetryBaseDelay * Math.Pow(2, failures - 1);
        return ceiling * (0.5 + Random.Shared.NextDouble() / 2);
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
