using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary>Another app may be trusted by configuration; the bot itself stays trusted.</summary>
public sealed class AllowedCallerTests : WorkerTest
{
    private const string TenantIssuer = "https://login.microsoftonline.com/" + TestActivities.TenantId + "/v2.0";
    private const string Partner = "12345678-aaaa-bbbb-cccc-1234567890ab";

    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, extra: new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = TestActivities.TenantId,
            ["Teams:TenantOpenIdMetadataUrl"] = fake.MetadataUrl,
            ["Teams:AllowedCallers:0"] = Partner,
        });

    [Theory]
    [InlineData(Partner, HttpStatusCode.OK)]
    [InlineData(TestKey.AppId, HttpStatusCode.OK)]
    [InlineData("99999999-8888-7777-6666-555555555555", HttpStatusCode.Unauthorized)]
    public async Task Configured_callers_and_the_bot_are_accepted_others_are_not(string caller, HttpStatusCode expected)
    {
        var token = TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl, issuer: TenantIssuer, claims: new Dictionary<string, object> { ["azp"] = caller });
        Assert.Equal(expected, (await Worker.PostAsync(TestActivities.Message(Fake, "help"), token)).StatusCode);
    }
}
