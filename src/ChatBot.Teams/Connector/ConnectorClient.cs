using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Connector;

/// <summary>
/// The Bot Framework Connector REST API on an activity's <c>serviceUrl</c>: reply, send, update,
/// typing and create conversation. Retries only what the service did not accept (429, 5xx,
/// connection refused), so a retry can never post the same message twice; every activity keeps
/// one client-generated id across its attempts.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    ConnectorTokenProvider tokens,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<ConnectorClient> logger)
{
    internal const int MaxAttempts = 4;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>First backoff step when the service gives no Retry-After; doubles per attempt.</summary>
    internal TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Posts into the conversation, as a reply to <paramref name="replyToId"/> when given.</summary>
    /// <returns>The id the service gave the new activity, if it returned one.</returns>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, string? replyToId, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
            activity["replyToId"] = replyToId;
        }
        using var body = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, path, activity, cancellationToken).ConfigureAwait(false);
        return ReadString(body, "id");
    }

    /// <summary>One attempt only: a late typing indicator is worse than none.</summary>
    public async Task SendTypingAsync(string serviceUrl, string conversationId, JsonObject typing, CancellationToken cancellationToken)
    {
        typing["type"] = "typing";
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        using var _ = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, path, typing, cancellationToken, maxAttempts: 1).ConfigureAwait(false);
    }

    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}";
        using var _ = await SendWithRetryAsync(HttpMethod.Put, serviceUrl, path, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a conversation (in Teams channels: a new thread) with its first activity.</summary>
    public async Task<CreatedConversation> CreateConversationAsync(string serviceUrl, JsonObject parameters, CancellationToken cancellationToken)
    {
        using var body = await SendWithRetryAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken).ConfigureAwait(false);
        var id = ReadString(body, "id") ?? throw new ConnectorException("create conversation returned no id", HttpStatusCode.OK);
        return new CreatedConversation(id, ReadString(body, "activityId"));
    }

    private async Task<JsonDocument?> SendWithRetryAsync(HttpMethod method, string serviceUrl, string path, JsonObject payload, CancellationToken cancellationToken, int maxAttempts = MaxAttempts)
    {
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
        var refreshedToken = false;

        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (options.Value.AuthEnabled)
            {
                var token = await tokens.GetTokenAsync(forceRefresh: refreshedToken, cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError && attempt < maxAttempts)
            {
                // Nothing reached the service, so trying again cannot duplicate.
                logger.LogWarning("Connector unreachable ({Host}), attempt {Attempt}", uri.Host, attempt);
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new ConnectorException($"Connector request failed: {ex.HttpRequestError}", null, ex);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    return TryParse(text);
                }

                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized && options.Value.AuthEnabled && !refreshedToken)
                {
                    refreshedToken = true;
                    continue;
                }

                var retryable = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
                if (!retryable || attempt >= maxAttempts)
                {
                    throw new ConnectorException($"Connector answered {(int)status} for {method} {path.Split('/')[^1]}", status);
                }

                var delay = status == HttpStatusCode.TooManyRequests ? RetryAfter(response) ?? Backoff(attempt) : Backoff(attempt);
                if (delay > MaxRetryAfter)
                {
                    throw new ConnectorException($"Connector asked to wait {delay.TotalSeconds:0}s; giving up", status);
                }
                logger.LogInformation("Connector answered {Status}; retrying in {Delay} ms (attempt {Attempt})", (int)status, (int)delay.TotalMilliseconds, attempt);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int attempt) => BackoffBase * Math.Pow(2, attempt - 1);

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

public sealed record CreatedConversation(string Id, string? ActivityId);
