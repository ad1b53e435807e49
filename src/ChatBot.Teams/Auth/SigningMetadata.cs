using System.Text.Json;
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

    internal static SigningMetadata ParseJwks(string? issuer, string jwksJson)
    {
        var keys = new JsonWebKeySet(jwksJson).Keys.ToList();
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var jwks = JsonDocument.Parse(jwksJson);
        if (jwks.RootElement.TryGetProperty("keys", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in array.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    endorsements[kid.GetString()!] = list.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!)
                        .ToHashSet(StringComparer.OrdinalIgnoreCase);
                }
            }
        }
        return new SigningMetadata(issuer, keys, endorsements);
    }
}
