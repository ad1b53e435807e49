using ChatBot.Teams.Tests.Fakes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Tests.Support;

/// <summary>Mints Bot Framework style JWTs signed with test keys; every field can be spoiled for a negative test.</summary>
public static class TestTokens
{
    /// <param name="serviceUrl">Null leaves the claim out (as Entra tokens may).</param>
    public static string Create(
        TestKey key,
        string? serviceUrl,
        string issuer = FakeMicrosoft.Issuer,
        string audience = TestKey.AppId,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string? kidOverride = null,
        IReadOnlyDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var nbf = notBefore ?? now.AddMinutes(-1);
        var exp = expires ?? now.AddMinutes(60);
        var credentials = key.Credentials;
        if (kidOverride is not null)
        {
            ((RsaSecurityKey)credentials.Key).KeyId = kidOverride;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = nbf,
            Expires = exp,
            IssuedAt = nbf,
            SigningCredentials = credentials,
            Claims = Claims(serviceUrl, claims),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static Dictionary<string, object> Claims(string? serviceUrl, IReadOnlyDictionary<string, object>? extra)
    {
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }
        foreach (var (name, value) in extra ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }
        return claims;
    }
}
