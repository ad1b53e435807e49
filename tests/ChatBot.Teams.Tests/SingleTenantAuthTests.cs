using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary>
/// With a tenant configured, Entra tokens from that tenant are accepted too, but only when the bot
/// itself (or a configured caller) requested them: any app of the tenant can get a token for our
/// audience, and must not be able to point our replies (and our Connector token) at its own host.
/// </summary>
public sealed class SingleTenantAuthTests : WorkerTest
{
    private const string TenantIssuer = "https://login.microsoftonline.com/" + TestActivities.TenantId + "/v2.0";
    private const string OtherApp = "99999999-8888-7777-6666-555555555555";

    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, extra: new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = TestActivities.TenantId,
            ["Teams:TenantOpenIdMetadataUrl"] = fake.MetadataUrl,
        });

    private static Dictionary<string, object> RequestedBy(string claim, string app) => new() { [claim] = app };

    [Theory]
    [InlineData(TenantIssuer, "azp", HttpStatusCode.OK)]
    [InlineData("https://sts.windows.net/" + TestActivities.TenantId + "/", "appid", HttpStatusCode.OK)]
    [InlineData(FakeMicrosoft.Issuer, null, HttpStatusCode.OK)]
    [InlineData("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", "azp", HttpStatusCode.Unauthorized)]
    public async Task Issuer_is_accepted_only_for_the_bot_framework_and_the_configured_tenant(string issuer, string? callerClaim, HttpStatusCode expected)
    {
        var token = TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl, issuer: issuer,
            claims: callerClaim is null ? null : RequestedBy(callerClaim, TestKey.AppId));
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "help"), token);
        Assert.Equal(expected, response.StatusCode);
    }

    public static TheoryData<string, string?> ForeignCallers => new()
    {
        { "azp", OtherApp },
        { "appid", OtherApp },
        // Looks like the bot, but is not it: case and padding tricks, a prefix, a suffix.
        { "azp", TestKey.AppId + "0" },
        { "azp", " " + TestKey.AppId },
        { "azp", TestKey.AppId[..^1] },
        { "appid", "28:" + TestKey.AppId },
        { "none", null },
    };

    [Theory]
    [MemberData(nameof(ForeignCallers))]
    public async Task Tenant_token_requested_by_another_app_is_refused_and_no_token_goes_anywhere(string claim, string? app)
    {
        // No serviceurl claim, as Entra tokens have none: the activity names the attacker's host.
        var token = TestTokens.Create(Fake.SigningKey, serviceUrl: null, issuer: TenantIssuer,
            claims: app is null ? null : RequestedBy(claim, app));
        var json = System.Text.Json.JsonSerializer.Serialize(TestActivities.Message(Fake, "When is the next council?"))
            .Replace(Fake.ServiceUrl, Fake.AttackerUrl + "/", StringComparison.Ordinal);

        var response = await Worker.PostAsync(json, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(Fake.AttackerHits);
        Assert.Equal(0, Fake.TokenRequests);
    }

    [Fact]
    public async Task Bots_own_tenant_token_still_cannot_send_replies_to_a_host_that_is_not_allowed()
    {
        var token = TestTokens.Create(Fake.SigningKey, serviceUrl: null, issuer: TenantIssuer, claims: RequestedBy("azp", TestKey.AppId));
        var json = System.Text.Json.JsonSerializer.Serialize(TestActivities.Message(Fake, "When is the next council?"))
            .Replace(Fake.ServiceUrl, Fake.AttackerUrl + "/", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Worker.PostAsync(json, token)).StatusCode);
        await Task.Delay(200);
        Assert.Empty(Fake.AttackerHits);
    }
}
