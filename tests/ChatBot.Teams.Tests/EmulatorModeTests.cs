using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
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
