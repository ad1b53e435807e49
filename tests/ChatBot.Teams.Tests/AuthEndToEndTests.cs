using System.Net;
using System.Text;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary>Every forged or spoiled request is refused with 401 and leaves no trace: no reply, no stored reference.</summary>
public sealed class AuthEndToEndTests : WorkerTest
{
    private readonly TestKey _emulatorOnlyKey = TestKey.Create("key-emulator-only", "emulator");

    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake)
    {
        fake.PublishKeys(fake.SigningKey, _emulatorOnlyKey);
        return TeamsTestHost.StartAsync(fake);
    }

    public static TheoryData<string> Spoiled => new()
    {
        "missing header",
        "malformed token",
        "wrong signature key",
        "unknown key id",
        "expired",
        "not yet valid",
        "wrong issuer",
        "wrong audience",
        "serviceUrl mismatch",
        "missing endorsement",
        "not a bearer scheme",
        "emulator channel without token",
    };

    [Theory]
    [MemberData(nameof(Spoiled))]
    public async Task Spoiled_request_is_refused_and_nothing_is_processed(string spoil)
    {
        var conversation = "a:forged-" + spoil.Replace(' ', '-');
        var channelId = spoil == "emulator channel without token" ? "emulator" : "msteams";
        var activity = TestActivities.Message(Fake, "When is the next council?", conversationId: conversation, channelId: channelId);
        var serviceUrl = Fake.ServiceUrl;
        var key = Fake.SigningKey;
        var now = DateTime.UtcNow;
        var token = spoil switch
        {
            "missing header" or "emulator channel without token" => "",
            "malformed token" => "not.a.jwt",
            "wrong signature key" => TestTokens.Create(TestKey.Create("impostor"), serviceUrl, kidOverride: key.Kid),
            "unknown key id" => TestTokens.Create(TestKey.Create("key-unknown", "msteams"), serviceUrl),
            "expired" => TestTokens.Create(key, serviceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)),
            "not yet valid" => TestTokens.Create(key, serviceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1)),
            "wrong issuer" => TestTokens.Create(key, serviceUrl, issuer: "https://evil.example.com"),
            "wrong audience" => TestTokens.Create(key, serviceUrl, audience: "11111111-2222-3333-4444-555555555555"),
            "serviceUrl mismatch" => TestTokens.Create(key, "https://attacker.example.com/teams/"),
            "missing endorsement" => TestTokens.Create(_emulatorOnlyKey, serviceUrl),
            _ => TestTokens.Create(key, serviceUrl),
        };

        HttpResponseMessage response;
        if (spoil == "not a bearer scheme")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x:y")));
            response = await Worker.Http.SendAsync(request);
        }
        else
        {
            response = await Worker.PostAsync(activity, token);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // A genuine request afterwards is answered; the forged one left nothing behind.
        await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "genuine", conversationId: "a:genuine"));
        var sent = await Fake.WaitForMessagesAsync(1);
        Assert.All(sent, s => Assert.Equal("a:genuine", s.ConversationId));
        Assert.False(Worker.Store.References.ContainsKey(new ChannelKey("teams", conversation)));
        Assert.Empty(Worker.Engine.Requests);
    }

    [Fact]
    public async Task Expired_within_five_minutes_of_skew_is_still_accepted()
    {
        var now = DateTime.UtcNow;
        var token = TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-3));
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "help"), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rolled_over_signing_key_is_fetched_when_an_unknown_key_id_appears()
    {
        Assert.Equal(HttpStatusCode.OK, (await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "before"))).StatusCode);
        var fetchesBefore = Fake.JwksRequests;

        var rolled = TestKey.Create("key-2", "msteams");
        Fake.PublishKeys(rolled);
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "after"), TestTokens.Create(rolled, Fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Fake.JwksRequests > fetchesBefore);
    }

    [Fact]
    public async Task Signing_keys_are_cached_between_requests()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Worker.PostAsync(TestActivities.Message(Fake, "help", id: $"cache-{i}"))).StatusCode);
        }
        Assert.Equal(1, Fake.JwksRequests);
    }

    [Fact]
    public async Task Token_and_app_password_never_appear_in_logs()
    {
        var forged = TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl, audience: "someone-else");
        await Worker.PostAsync(TestActivities.Message(Fake, "help"), forged);
        await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", id: "ok"));
        await Fake.WaitForMessagesAsync(1);

        var logs = Worker.Logs.All;
        Assert.Contains("audience", logs); // the refusal is logged with its reason...
        Assert.DoesNotContain(forged, logs); // ...but never with the token
        Assert.DoesNotContain(forged.Split('.')[2], logs);
        Assert.DoesNotContain(TestKey.AppPassword, logs);
        Assert.DoesNotContain("connector-token-", logs);
    }

    [Theory]
    [InlineData("this is not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"id\":\"x\",\"serviceUrl\":\"SERVICE\",\"channelId\":\"msteams\",\"conversation\":{\"id\":\"c\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"channelId\":\"msteams\",\"conversation\":{\"id\":\"c\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"SERVICE\",\"channelId\":\"msteams\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"SERVICE\",\"channelId\":\"msteams\",\"conversation\":{\"id\":42}}", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("null", HttpStatusCode.BadRequest)]
    public async Task Bad_bodies_get_400_and_the_worker_keeps_serving(string body, HttpStatusCode expected)
    {
        var response = await Worker.PostAsync(body.Replace("SERVICE", Fake.ServiceUrl));
        Assert.Equal(expected, response.StatusCode);

        await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "still-alive"));
        Assert.Single(await Fake.WaitForMessagesAsync(1), s => s.Type == "message");
    }

    [Fact]
    public async Task Five_megabyte_body_gets_413_with_or_without_length_and_the_worker_keeps_serving()
    {
        var huge = "{\"type\":\"message\",\"text\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Worker.PostAsync(huge)).StatusCode);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Authorization = new("Bearer", TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Worker.Http.SendAsync(chunked)).StatusCode);

        await Worker.PostAsync(TestActivities.Message(Fake, "help", id: "alive-after-413"));
        Assert.Single(await Fake.WaitForMessagesAsync(1), s => s.Type == "message");
    }
}
