using System.Net;
using ChatBot.Teams.Tests.Fakes;

namespace ChatBot.Teams.Tests;

/// <summary>With a tenant configured, Entra tokens from that tenant are accepted too; other tenants are not.</summary>
public sealed class SingleTenantAuthTests : IAsyncLifetime
{
    private FakeMicrosoft _microsoft = null!;
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _microsoft = await FakeMicrosoft.StartAsync();
        _host = await TeamsTestHost.StartAsync(_microsoft, extra: new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = TestActivities.TenantId,
            ["Teams:TenantOpenIdMetadataUrl"] = _microsoft.MetadataUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _microsoft.DisposeAsync();
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + TestActivities.TenantId + "/v2.0", HttpStatusCode.OK)]
    [InlineData("https://sts.windows.net/" + TestActivities.TenantId + "/", HttpStatusCode.OK)]
    [InlineData(FakeMicrosoft.Issuer, HttpStatusCode.OK)]
    [InlineData("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", HttpStatusCode.Unauthorized)]
    public async Task Issuer_is_accepted_only_for_the_bot_framework_and_the_configured_tenant(string issuer, HttpStatusCode expected)
    {
        var token = TestTokens.Create(_microsoft.SigningKey, _microsoft.ServiceUrl, issuer: issuer);
        var response = await _host.PostAsync(TestActivities.Message(_microsoft, "help"), token);
        Assert.Equal(expected, response.StatusCode);
    }
}
