using System.Net;
using ChatBot.Teams.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Tests;

/// <summary>No app id: the local Bot Framework Emulator works without tokens; nothing else is served.</summary>
public sealed class EmulatorModeTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) => TeamsTestHost.StartAsync(fake, withAppId: false);

    [Fact]
    public async Task Emulator_activity_without_token_is_answered_without_a_bearer_token()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", channelId: "emulator"), token: "");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = Assert.Single(await Fake.WaitForMessagesAsync(1), s => s.Type == "message");
        Assert.Contains("[1]", reply.Text);
        Assert.True(string.IsNullOrEmpty(reply.Authorization));
        Assert.Equal(0, Fake.TokenRequests);
    }

    [Fact]
    public async Task Teams_activity_is_refused_when_auth_is_off()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "hello", channelId: "msteams"), token: "");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Emulator_activity_naming_a_remote_service_url_is_refused()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(TestActivities.Message(Fake, "hello", channelId: "emulator"))
            .Replace(Fake.ServiceUrl, "https://attacker.example.com/", StringComparison.Ordinal);
        var response = await Worker.PostAsync(json, token: "");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void Start_up_warns_once_that_auth_is_disabled()
    {
        var warnings = Worker.Logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Text.Contains("Teams auth disabled: Emulator mode (development only)")).ToList();
        Assert.Single(warnings);
    }
}

/// <summary>Emulator mode answers this machine only: a remote client cannot make the worker post anywhere, even to a local port.</summary>
public sealed class EmulatorRemoteClientTests : WorkerTest
{
    protected override Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) =>
        TeamsTestHost.StartAsync(fake, withAppId: false, configure: services =>
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddressFilter(System.Net.IPAddress.Parse("203.0.113.7"))));

    [Fact]
    public async Task Unauthenticated_request_from_another_machine_is_refused_and_nothing_is_posted()
    {
        var response = await Worker.PostAsync(TestActivities.Message(Fake, "When is the next council?", channelId: "emulator"), token: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(Fake.Sent);
        Assert.Contains(Worker.Logs.Lines, l => l.Text.Contains("not on this machine", StringComparison.Ordinal));
    }

    /// <summary>Makes every request look as if it came from <paramref name="address"/> (a test cannot dial from another host).</summary>
    private sealed class RemoteAddressFilter(System.Net.IPAddress address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
