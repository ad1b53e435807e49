using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task App_id_without_password_stops_the_worker_at_start_up()
    {
        await using var microsoft = await FakeMicrosoft.StartAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TeamsTestHost.StartAsync(microsoft, extra: new Dictionary<string, string?> { ["Teams:AppPassword"] = "" }));
        Assert.Contains("Teams:AppPassword", error.Message);
    }

    [Fact]
    public void Relative_metadata_url_is_rejected()
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { OpenIdMetadataUrl = "/keys" });
        Assert.True(result.Failed);
        Assert.Contains("Teams:OpenIdMetadataUrl", result.FailureMessage);
    }

    [Theory]
    [InlineData("00:00:02", false)]
    [InlineData("00:00:03", true)]
    [InlineData("00:05:00", true)]
    [InlineData("01:00:01", false)]
    public void A_claim_lease_of_a_few_seconds_to_an_hour_is_accepted(string lease, bool valid)
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { ClaimLease = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Teams:ClaimLease", result.FailureMessage);
        }
    }

    [Fact]
    public void Single_tenant_bots_get_their_tokens_and_keys_from_their_tenant()
    {
        var options = new TeamsOptions { TenantId = "contoso.onmicrosoft.com" };
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", options.EffectiveTokenEndpoint);
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", options.EffectiveTenantMetadataUrl);
        Assert.Equal(TeamsOptions.DefaultTokenEndpoint, new TeamsOptions().EffectiveTokenEndpoint);
        Assert.Null(new TeamsOptions().EffectiveTenantMetadataUrl);
    }
}
