using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ChatBot.Teams.Connector;

/// <summary>
/// Client-credentials tokens (the Connector's scope, or Graph's), each cached until five minutes
/// before it expires so a long send loop never carries a token that dies mid-way. A token
/// endpoint that is throttled, failing (5xx) or unreachable is retried with jitter; a refusal
/// (wrong secret) is not.
/// </summary>
public sealed class ConnectorTokenProvider(IHttpClientFactory httpFactory, IOptions<TeamsOptions> options, TimeProvider time)
{
    internal const string HttpClientName = "teams-token";

    public const string Scope = "https://api.botframework.com/.default";

    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _cached = new(StringComparer.Ordinal);

    /// <summary>How many tokens were fetched (diagnostics and tests).</summary>
    public int Fetches { get; private set; }

    /// <summary>First backoff step between token endpoint attempts; doubles, with jitter.</summary>
    internal TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <param name="forceRefresh">True after the Connector rejected the cached token with 401.</param>
    public Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        GetTokenAsync(Scope, forceRefresh, cancellationToken);

    public async Task<string> GetTokenAsync(string scope, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!forceRefresh && _cached.TryGetValue(scope, out var hit) && time.GetUtcNow() < hit.RenewAt)
        {
            return hit.Token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while we waited.
            if (!forceRefresh && _cached.TryGetValue(scope, out var fresh) && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Token;
            }
            (string Token, TimeSpan Lifetime) fetched;
            try
            {
                fetched = await Retry.ExecuteAsync(ct => FetchAsync(scope, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
            {
                throw new ConnectorException($"token endpoint unreachable ({ex.GetType().Name})", null, ex) { IsTransient = true };
            }
            var (token, lifetime) = fetched;
            var renewAt = time.GetUtcNow() + (lifetime > RenewBeforeExpiry * 2 ? lifetime - RenewBeforeExpiry : lifetime / 2);
            _cached[scope] = (token, renewAt);
            Fetches++;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ResiliencePipeline? _retry;

    /// <summary>Built once, on first use (after an initializer may have set <see cref="BackoffBase"/>).</summary>
    private ResiliencePipeline Retry => LazyInitializer.EnsureInitialized(ref _retry, BuildRetry);

    private ResiliencePipeline BuildRetry() => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = BackoffBase,
            ShouldHandle = new PredicateBuilder()
                .Handle<ConnectorException>(e => e.IsTransient)
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException),
        })
        .Build();

    private async ValueTask<(string Token, TimeSpan Lifetime)> FetchAsync(string scope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.AppId ?? "",
            ["client_secret"] = settings.AppPassword ?? "",
            ["scope"] = scope,
        });
        using var http = httpFactory.CreateClient(HttpClientName);
        using var response = await http.PostAsync(settings.EffectiveTokenEndpoint, form, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            // The body may echo the request; only the status is reported, never the secret.
            throw new ConnectorException($"token endpoint answered {(int)status}", status)
            {
                IsTransient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500,
            };
        }

        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        if (body?.AccessToken is not { Length: > 0 } token)
        {
            throw new ConnectorException("token endpoint returned no access_token", response.StatusCode);
        }
        return (token, TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn)));
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}
