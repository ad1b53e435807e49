using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Auth;

/// <summary>
/// An OpenID issuer's signing keys together with each key's channel endorsements. JsonWebKey drops
/// unknown members such as <c>endorsements</c>, so they are read from the raw JWKS JSON.
/// </summary>
public sealed record SigningMetadata(
    string? Issuer,
    IReadOnlyList<JsonWebKey> Keys,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements)
{
    public JsonWebKey? Find(string? kid) =>
        kid is null ? null : Keys.FirstOrDefault(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));

    public bool IsEndorsedFor(string kid, string channelId) =>
        Endorsements.TryGetValue(kid, out var channels) && channels.Contains(channelId);
}

/// <summary>Fetches the metadata document, then its <c>jwks_uri</c>, for <see cref="ConfigurationManager{T}"/>.</summary>
internal sealed class SigningMetadataRetriever : IConfigurationRetriever<SigningMetadata>
{
    public async Task<SigningMetadata> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadataJson = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        using var metadata = JsonDocument.Parse(metadataJson);
        var issuer = metadata.RootElement.TryGetProperty("issuer", out var iss) ? iss.GetString() : null;
        if (!metadata.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.GetString() is not { Length: > 0 } jwksAddress)
        {
            throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwksJson = await retriever.GetDocumentAsync(jwksAddress, cancel).ConfigureAwait(false);
        return ParseJwks(issuer, jwksJson);
    }

    internal static SigningMetadata ParseJwks(string? issuer, string jwksJson)
    {
        using var jwks = JsonDocument.Parse(jwksJson);
        var keys = new List<JsonWebKey>();
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        if (jwks.RootElement.TryGetProperty("keys", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in array.EnumerateArray())
            {
                var key = new JsonWebKey(element.GetRawText());
                keys.Add(key);
                if (key.KeyId is { } kid && element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    endorsements[kid] = list.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!)
                        .ToHashSet(StringComparer.OrdinalIgnoreCase);
                }
            }
        }
        return new SigningMetadata(issuer, keys, endorsements);
    }
}
