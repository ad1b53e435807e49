using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Tests.Support;

/// <summary>A test RSA signing key with its JWKS endorsements.</summary>
public sealed class TestKey
{
    public const string AppId = "7b1e8a52-3c55-4d8a-9a8e-3f4a2b6c9d01";
    public const string AppPassword = "test-app-password-never-log-me";

    private readonly RSA _rsa;

    private TestKey(string kid, RSA rsa, string[] endorsements)
    {
        Kid = kid;
        _rsa = rsa;
        Endorsements = endorsements;
    }

    public string Kid { get; }

    public string[] Endorsements { get; }

    public static TestKey Create(string kid, params string[] endorsements) => new(kid, RSA.Create(2048), endorsements);

    public SigningCredentials Credentials => new(new RsaSecurityKey(_rsa) { KeyId = Kid }, SecurityAlgorithms.RsaSha256);

    public object PublicJwk()
    {
        var p = _rsa.ExportParameters(false);
        return new
        {
            kty = "RSA",
            use = "sig",
            kid = Kid,
            n = Base64UrlEncoder.Encode(p.Modulus),
            e = Base64UrlEncoder.Encode(p.Exponent),
            endorsements = Endorsements,
        };
    }
}
