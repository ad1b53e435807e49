using System.Net;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Connector;

/// <summary>
/// Decides whether a <c>serviceUrl</c> may receive Connector calls (and with them the bot's bearer
/// token). URLs are compared as parsed URIs, never as strings: scheme, host (case-insensitive, IDN
/// normalised) and port must equal an allowed prefix's, and the path must continue it at a segment
/// boundary, so <c>https://smba.trafficmanager.net.evil.example/</c>,
/// <c>https://smba.trafficmanager.net@evil.example/</c> or user info of any kind never pass.
/// </summary>
public sealed class ServiceUrlPolicy(IOptions<TeamsOptions> options)
{
    /// <summary>True when the bot may call <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowed(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var candidate) || !IsWellFormed(candidate))
        {
            return false;
        }
        if (!options.Value.AuthEnabled)
        {
            // Emulator mode sends no token, and only ever to the machine itself.
            return IsLoopback(candidate);
        }
        return options.Value.EffectiveServiceUrls.Select(ParsePrefix).Any(prefix => prefix is not null && Matches(prefix, candidate));
    }

    /// <returns>The prefix as a URI, or null when it is not acceptable as an allowed service URL.</returns>
    public static Uri? ParsePrefix(string? prefix)
    {
        if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || !IsWellFormed(uri) || !string.IsNullOrEmpty(uri.Query))
        {
            return null;
        }
        return uri.Scheme == Uri.UriSchemeHttps || IsLoopback(uri) ? uri : null;
    }

    private static bool IsWellFormed(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment)
        && uri.Host.Length > 0;

    private static bool IsLoopback(Uri uri) => uri.IsLoopback;

    private static bool Matches(Uri prefix, Uri candidate)
    {
        if (prefix.Scheme != candidate.Scheme
            || prefix.Port != candidate.Port
            || !string.Equals(prefix.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var prefixPath = prefix.AbsolutePath.EndsWith('/') ? prefix.AbsolutePath : prefix.AbsolutePath + "/";
        var candidatePath = candidate.AbsolutePath.EndsWith('/') ? candidate.AbsolutePath : candidate.AbsolutePath + "/";
        // AbsolutePath is already unescaped of dot segments by Uri; compare case-sensitively as paths are.
        return candidatePath.StartsWith(prefixPath, StringComparison.Ordinal);
    }

    /// <summary>True for an address of this machine (Emulator clients).</summary>
    public static bool IsLoopbackClient(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
