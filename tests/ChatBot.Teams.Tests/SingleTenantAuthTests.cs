using System.Net;
using ChatBot.Teams.Tests.Fakes;

namespace ChatBot.Teams.Tests;

/// <summary>With a tenant configured, Entra tokens from that tenant are accepted too; other tenants are not.</summary>
public sealed class SingleTenantAuthTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, extra: new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = TestActivities.TenantId,
            ["Teams:TenantOpenIdMetadataUrl"] = fake.MetadataUrl,
        });

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + TestActivities.TenantId + "/v2.0", HttpStatusCode.OK)]
    [InlineData("https://sts.windows.net/" + TestActivities.TenantId + "/", HttpStatusCode.OK)]
    [InlineData(FakeMicrosoft.Issuer, HttpStatusCode.OK)]
    [InlineData("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", HttpStatusCode.Unauthorized)]
    public async Task Issuer_is_accepted_only_for_the_bot_framework_and_the_configured_tenant(string issuer, HttpStatusCode expected)
    {
        var token = TestTokens.Create(Fake.SigningKey, Fake.ServiceUrl, issuer: issuer);
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "help"), token);
        Assert.Equal(expected, response.StatusCode);
    }
}
