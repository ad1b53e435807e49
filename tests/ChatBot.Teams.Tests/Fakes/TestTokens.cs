using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Tests.Fakes;

/// <summary>Mints Bot Framework style JWTs signed with test keys; every field can be spoiled for a negative test.</summary>
public static class TestTokens
{
    public static string Create(
        TestKey key,
        string serviceUrl,
        string issuer = FakeMicrosoft.Issuer,
        string audience = TestKey.AppId,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string? kidOverride = null)
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
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
