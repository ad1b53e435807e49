using System.Globalization;
using System.Text;
using ChatBot.Discord.Interactions;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;

namespace ChatBot.Discord.Tests.Interactions;

public sealed class SignatureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly Ed25519SignatureVerifier _verifier;
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"type":1,"id":"1","application_id":"2","token":"t"}""");

    public SignatureTests()
    {
        _verifier = new Ed25519SignatureVerifier(Convert.ToHexString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)), new FakeTimeProvider(Now));
    }

    public void Dispose() => _key.Dispose();

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Sign(Key key, string timestamp, byte[] body) =>
        Convert.ToHexString(SignatureAlgorithm.Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. body])).ToLowerInvariant();

    [Fact]
    public void Valid_signature_is_accepted()
    {
        var timestamp = Timestamp(Now);

        Assert.True(_verifier.Verify(Sign(_key, timestamp, _body), timestamp, _body));
    }

    [Fact]
    public void Tampered_body_is_rejected()
    {
        var timestamp = Timestamp(Now);
        var signature = Sign(_key, timestamp, _body);
        var tampered = Encoding.UTF8.GetBytes("""{"type":2,"id":"1","application_id":"2","token":"t"}""");

        Assert.False(_verifier.Verify(signature, timestamp, tampered));
    }

    [Fact]
    public void Signature_by_another_key_is_rejected()
    {
        using var other = Key.Create(SignatureAlgorithm.Ed25519);
        var timestamp = Timestamp(Now);

        Assert.False(_verifier.Verify(Sign(other, timestamp, _body), timestamp, _body));
    }

    [Fact]
    public void Timestamp_not_covered_by_the_signature_is_rejected()
    {
        var signature = Sign(_key, Timestamp(Now), _body);

        Assert.False(_verifier.Verify(signature, Timestamp(Now.AddSeconds(1)), _body));
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("", "1")]
    [InlineData("abc", null)]
    [InlineData("zz", "1")]
    public void Missing_or_malformed_headers_are_rejected(string? signature, string? timestamp)
    {
        Assert.False(_verifier.Verify(signature, timestamp is null ? null : Timestamp(Now), _body));
        Assert.False(_verifier.Verify(Sign(_key, Timestamp(Now), _body), timestamp is null ? null : "not-a-number", _body));
    }

    [Fact]
    public void Non_hex_signature_of_the_right_length_is_rejected()
    {
        Assert.False(_verifier.Verify(new string('z', 128), Timestamp(Now), _body));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Stale_or_future_timestamp_is_rejected_even_with_a_valid_signature(int minutes)
    {
        var timestamp = Timestamp(Now.AddMinutes(minutes));

        Assert.False(_verifier.Verify(Sign(_key, timestamp, _body), timestamp, _body));
    }
}
