using Microsoft.IdentityModel.Protocols;

namespace ChatBot.Teams.Auth;

/// <summary>
/// Cached signing metadata of one OpenID issuer. Refreshed on a schedule by the configuration
/// manager, and on demand when a token names a key id we have not seen (key rollover).
/// </summary>
public sealed class SigningKeySource
{
    private readonly ConfigurationManager<SigningMetadata> _manager;

    public SigningKeySource(string metadataUrl, HttpClient http)
    {
        MetadataUrl = metadataUrl;
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = !IsLoopbackHttp(metadataUrl) };
        _manager = new ConfigurationManager<SigningMetadata>(metadataUrl, new SigningMetadataRetriever(), retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            // Bounds how often forged tokens with random key ids can make us refetch.
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public string MetadataUrl { get; }

    public Task<SigningMetadata> GetAsync(CancellationToken cancellationToken) => _manager.GetConfigurationAsync(cancellationToken);

    /// <summary>The metadata that knows <paramref name="kid"/>, refetching once when the cached copy does not.</summary>
    public async Task<SigningMetadata> GetForKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        var metadata = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (kid is null || metadata.Find(kid) is not null)
        {
            return metadata;
        }
        _manager.RequestRefresh();
        return await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
    }

    // Plain http is only tolerated for loopback (local fakes, emulators); anything remote must be https.
    private static bool IsLoopbackHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
}
