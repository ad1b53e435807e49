using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Connector;

/// <summary>
/// Client-credentials token for calling the Connector, cached until five minutes before it expires
/// so a long send loop never carries a token that dies mid-way.
/// </summary>
public sealed class ConnectorTokenProvider(IHttpClientFactory httpFactory, IOptions<TeamsOptions> options, TimeProvider time)
{
    internal const string HttpClientName = "teams-token";

    public const string Scope = "https://api.botframework.com/.default";

    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    /// <summary>How many tokens were fetched (diagnostics and tests).</summary>
    public int Fetches { get; private set; }

    /// <param name="forceRefresh">True after the Connector rejected the cached token with 401.</param>
    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!forceRefresh && _cached is { } hit && time.GetUtcNow() < hit.RenewAt)
        {
            return hit.Token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while we waited.
            if (!forceRefresh && _cached is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Token;
            }

            var settings = options.Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId ?? "",
                ["client_secret"] = settings.AppPassword ?? "",
                ["scope"] = Scope,
            });
            using var http = httpFactory.CreateClient(HttpClientName);
            using var response = await http.PostAsync(settings.EffectiveTokenEndpoint, form, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorException($"token endpoint answered {(int)response.StatusCode}", response.StatusCode);
            }

            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
            if (body?.AccessToken is not { Length: > 0 } token)
            {
                throw new ConnectorException("token endpoint returned no access_token", response.StatusCode);
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn));
            var renewAt = time.GetUtcNow() + (lifetime > RenewBeforeExpiry * 2 ? lifetime - RenewBeforeExpiry : lifetime / 2);
            _cached = (token, renewAt);
            Fetches++;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}
