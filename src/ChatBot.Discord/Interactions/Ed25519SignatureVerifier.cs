using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace ChatBot.Discord.Interactions;

/// <summary>
/// Checks Discord's <c>X-Signature-Ed25519</c> over <c>X-Signature-Timestamp</c> + raw body with
/// the application's public key, and refuses timestamps too far from now (replays).
/// </summary>
public sealed class Ed25519SignatureVerifier
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly PublicKey _key;
    private readonly TimeProvider _time;

    public Ed25519SignatureVerifier(string publicKeyHex, TimeProvider time)
    {
        _key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(publicKeyHex), KeyBlobFormat.RawPublicKey);
        _time = time;
    }

    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp) || signatureHex.Length != 128)
        {
            return false;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() > MaxClockSkew)
        {
            return false;
        }
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }
        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(timestampBytes.Length));
        return SignatureAlgorithm.Ed25519.Verify(_key, signed, signature);
    }
}
