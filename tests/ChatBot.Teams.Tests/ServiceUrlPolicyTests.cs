using System.Net;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Tests;

/// <summary>The bot's Connector token goes to Microsoft's hosts (or a configured loopback fake) only, and never follows a redirect.</summary>
public sealed class ServiceUrlPolicyTests
{
    private static ServiceUrlPolicy Policy(params string[] allowed) =>
        new(Options.Create(new TeamsOptions { AppId = TestKey.AppId, AppPassword = "x", AllowedServiceUrls = [.. allowed] }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/amer", true)]
    [InlineData("https://SMBA.TrafficManager.NET/teams/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/", true)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", false)]
    [InlineData("https://smba.trafficmanager.net@evil.example/emea/", false)]
    [InlineData("https://user:pass@smba.trafficmanager.net/emea/", false)]
    [InlineData("https://evil.example/smba.trafficmanager.net/", false)]
    [InlineData("https://evil.example/?https://smba.trafficmanager.net/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/emea/", false)]
    [InlineData("https://xsmba.trafficmanager.net/", false)]
    [InlineData("ftp://smba.trafficmanager.net/", false)]
    [InlineData("//smba.trafficmanager.net/", false)]
    [InlineData("not a url", false)]
    public void Default_list_is_microsofts_hosts_compared_as_parsed_urls(string serviceUrl, bool allowed) =>
        Assert.Equal(allowed, Policy().IsAllowed(serviceUrl));

    [Theory]
    [InlineData("http://127.0.0.1:5555/teams/", true)]
    [InlineData("http://127.0.0.1:5555/teams", true)]
    [InlineData("http://127.0.0.1:5555/teams/v3/x", true)]
    [InlineData("http://127.0.0.1:5555/teamsx/", false)]
    [InlineData("http://127.0.0.1:5555/", false)]
    [InlineData("http://127.0.0.1:5556/teams/", false)]
    [InlineData("http://localhost:5555/teams/", false)]
    [InlineData("https://smba.trafficmanager.net/emea/", false)]
    public void Configured_prefix_matches_scheme_host_port_and_whole_path_segments(string serviceUrl, bool allowed) =>
        Assert.Equal(allowed, Policy("http://127.0.0.1:5555/teams/").IsAllowed(serviceUrl));

    [Theory]
    [InlineData("http://bot.example.com/")]
    [InlineData("https://user@smba.trafficmanager.net/")]
    [InlineData("https://smba.trafficmanager.net/?x=1")]
    [InlineData("relative/path")]
    public void Plain_http_to_a_remote_host_and_other_unsafe_prefixes_are_rejected_at_start_up(string prefix)
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { AllowedServiceUrls = [prefix] });
        Assert.True(result.Failed);
        Assert.Contains("Teams:AllowedServiceUrls", result.FailureMessage);
    }

    [Fact]
    public void Emulator_mode_allows_loopback_only()
    {
        var policy = new ServiceUrlPolicy(Options.Create(new TeamsOptions()));
        Assert.True(policy.IsAllowed("http://localhost:50123/"));
        Assert.True(policy.IsAllowed("http://[::1]:50123/"));
        Assert.False(policy.IsAllowed("https://smba.trafficmanager.net/emea/"));
        Assert.False(policy.IsAllowed("http://10.0.0.5:50123/"));
    }

    [Fact]
    public async Task Connector_client_refuses_a_stored_service_url_that_is_not_allowed_without_fetching_a_token()
    {
        await using var microsoft = await FakeMicrosoft.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = Options.Create(new TeamsOptions { AppId = TestKey.AppId, AppPassword = TestKey.AppPassword, TokenEndpoint = microsoft.TokenUrl, AllowedServiceUrls = [microsoft.ServiceUrl] });
        var tokens = new ConnectorTokenProvider(services.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System);
        var client = new ConnectorClient(new HttpClient(), tokens, new ServiceUrlPolicy(options), options, TimeProvider.System, NullLogger<ConnectorClient>.Instance);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendAsync(microsoft.AttackerUrl + "/", "a:chat", new ChatBot.Teams.Outgoing.MessageActivity(), null, CancellationToken.None));

        Assert.True(error.IsPermanent);
        Assert.Empty(microsoft.AttackerHits);
        Assert.Equal(0, microsoft.TokenRequests);
    }

    [Fact]
    public async Task A_redirect_from_the_connector_is_not_followed_and_the_token_stays_home()
    {
        await using var microsoft = await FakeMicrosoft.StartAsync();
        await using var worker = await TeamsTestHost.StartAsync(microsoft);
        microsoft.ScriptRedirect(microsoft.AttackerUrl);

        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.Message(microsoft, "help", id: "redirected"))).StatusCode);

        await microsoft.WaitForAsync(sent => sent.Any(s => s.Status == 307));
        await Task.Delay(300);
        Assert.Empty(microsoft.AttackerHits);
    }
}
