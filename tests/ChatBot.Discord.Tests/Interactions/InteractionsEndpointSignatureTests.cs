using System.Globalization;
using System.Net;
using System.Text;
using ChatBot.Discord.Tests.EndToEnd;
using ChatBot.Discord.Tests.Fakes;
using NSec.Cryptography;

namespace ChatBot.Discord.Tests.Interactions;

/// <summary>The endpoint itself: 401 on any signature failure, nothing handled.</summary>
public sealed class InteractionsEndpointSignatureTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;
    private DiscordTestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _host = await DiscordTestHost.StartAsync(_discord, gateway: false);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _discord.DisposeAsync();
    }

    public static TheoryData<string> Cases => ["valid", "tampered", "wrong-key", "no-signature", "no-timestamp", "stale"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_a_valid_fresh_signature_gets_past_the_endpoint(string @case)
    {
        const string body = """{"id":"1","application_id":"900000000000000002","type":1,"token":"t"}""";
        var at = @case == "stale" ? DateTimeOffset.UtcNow.AddMinutes(-10) : DateTimeOffset.UtcNow;
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var wrongKey = Key.Create(SignatureAlgorithm.Ed25519);
        var signature = SignatureAlgorithm.Ed25519.Sign(@case == "wrong-key" ? wrongKey : _host.SigningKey, Encoding.UTF8.GetBytes(timestamp + body));
        var sent = @case == "tampered" ? body.Replace("\"type\":1", "\"type\":2", StringComparison.Ordinal) : body;
        var request = new HttpRequestMessage(HttpMethod.Post, "discord/interactions") { Content = new StringContent(sent, Encoding.UTF8, "application/json") };
        if (@case != "no-signature")
        {
            request.Headers.Add("X-Signature-Ed25519", Convert.ToHexString(signature));
        }
        if (@case != "no-timestamp")
        {
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        var response = await _http.SendAsync(request);

        if (@case == "valid")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Gateway_disabled_means_no_gateway_connection_but_commands_are_still_registered()
    {
        await _discord.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PUT"), "command registration");

        Assert.Empty(_discord.Connections);
        Assert.DoesNotContain(_discord.Requests, r => r.Path == "gateway/bot");
    }

    [Fact]
    public async Task Malformed_but_signed_body_is_a_400()
    {
        const string body = "{not json";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(_host.SigningKey, Encoding.UTF8.GetBytes(timestamp + body));
        var request = new HttpRequestMessage(HttpMethod.Post, "discord/interactions") { Content = new StringContent(body) };
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexString(signature));
        request.Headers.Add("X-Signature-Timestamp", timestamp);

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Absurdly_large_body_is_refused_before_any_parsing()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "discord/interactions") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        request.Headers.Add("X-Signature-Ed25519", new string('a', 128));
        request.Headers.Add("X-Signature-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task With_a_test_guild_configured_commands_are_registered_on_that_guild()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var host = await DiscordTestHost.StartAsync(discord, new Dictionary<string, string?> { ["Discord:GuildId"] = "123456789012345678" }, gateway: false);

        await discord.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PUT"), "command registration");

        var put = Assert.Single(discord.Requests, r => r.Method == "PUT");
        Assert.Equal($"applications/{FakeDiscord.ApplicationId}/guilds/123456789012345678/commands", put.Path);
        Assert.Equal(4, put.Json!.AsArray().Count);
    }
}
