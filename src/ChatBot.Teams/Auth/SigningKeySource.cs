using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChatBot.Teams.Auth;

/// <summary>
/// Cached signing metadata of one OpenID issuer: fetched on first use, refreshed every
/// <see cref="AutomaticRefresh"/>, and refetched at once when a token names a key id the cache
/// does not know (key rollover). Forced refetches are rate-limited so forged tokens with random
/// key ids cannot turn the bot into a load generator.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationManager&lt;T&gt;</c>: since IdentityModel 8 its refresh after
/// <c>RequestRefresh</c> runs in the background and the caller gets the stale keys, so the very
/// request that revealed the rollover would be refused.
/// </remarks>
public sealed class SigningKeySource(string metadataUrl, HttpClient http, TimeProvider time)
{
    internal static readonly TimeSpan AutomaticRefresh = TimeSpan.FromHours(12);
    internal static readonly TimeSpan MinimumForcedRefresh = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningMetadata? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset? _lastForced;

    public string MetadataUrl { get; } = metadataUrl;

    public Task<SigningMetadata> GetAsync(CancellationToken cancellationToken) => GetAsync(force: false, cancellationToken);

    /// <summary>The metadata that knows <paramref name="kid"/>, refetching once when the cached copy does not.</summary>
    public async Task<SigningMetadata> GetForKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        var metadata = await GetAsync(force: false, cancellationToken).ConfigureAwait(false);
        return kid is null || metadata.Find(kid) is not null ? metadata : await GetAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SigningMetadata> GetAsync(bool force, CancellationToken cancellationToken)
    {
        var snapshot = _current;
        if (!force && snapshot is not null && time.GetUtcNow() - _fetchedAt < AutomaticRefresh)
        {
            return snapshot;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_current is not null && !ReferenceEquals(_current, snapshot))
            {
                return _current; // refreshed by another caller while we waited
            }
            var due = _current is null || now - _fetchedAt >= AutomaticRefresh
                || (force && (_lastForced is null || now - _lastForced >= MinimumForcedRefresh));
            if (!due)
            {
                return _current!;
            }
            if (force)
            {
                _lastForced = now;
            }

            try
            {
                _current = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _fetchedAt = now;
            }
            catch (Exception ex) when (_current is not null && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                // Stale keys beat no keys; try again after the minimum interval.
                _fetchedAt = now - AutomaticRefresh + MinimumForcedRefresh;
            }
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SigningMetadata> FetchAsync(CancellationToken cancellationToken)
    {
        // Only the parsing is the library's: OpenIdConnectConfigurationRetriever would fetch the JWKS
        // itself and hand back no raw JSON to read endorsements from, and HttpDocumentRetriever's
        // RequireHttps cannot allow loopback http nor check the jwks_uri separately.
        var metadata = OpenIdConnectConfiguration.Create(await GetDocumentAsync(MetadataUrl, cancellationToken).ConfigureAwait(false));
        if (string.IsNullOrEmpty(metadata.JwksUri))
        {
            throw new InvalidOperationException($"OpenID metadata at {MetadataUrl} has no jwks_uri.");
        }
        return SigningMetadata.ParseJwks(metadata.Issuer, await GetDocumentAsync(metadata.JwksUri, cancellationToken).ConfigureAwait(false));
    }

    private async Task<string> GetDocumentAsync(string address, CancellationToken cancellationToken)
    {
        // Plain http only for loopback (local fakes, emulators); anything remote must be https.
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new InvalidOperationException($"refusing to fetch signing metadata over {address}: https required");
        }
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
