using System.Net.WebSockets;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// The gateway misbehaves as Discord may: the bot must resume or re-identify as specified and
/// answer every question exactly once.
/// </summary>
public sealed class GatewayFaultTests : FakeDiscordTest
{
    private async Task AskAndWaitAsync(string question, int expectedMessages)
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), question));
        await Fake.WaitUntilAsync(d => d.Messages.Count >= expectedMessages, $"{expectedMessages} answers");
    }

    private static int FirstOp(FakeGatewayConnection connection) => connection.Received.First(p => p["op"]!.GetValue<int>() is 2 or 6)["op"]!.GetValue<int>();

    private async Task<FakeGatewayConnection> NextConnectionAsync(int index)
    {
        await Fake.WaitUntilAsync(d => d.Connections.Count > index && d.Connections[index].Ready, $"connection {index + 1} to be ready");
        return Fake.Connections[index];
    }

    private static void AssertResumed(FakeGatewayConnection connection, string sessionId, int lastSequence)
    {
        var resume = connection.Received.First(p => p["op"]!.GetValue<int>() is 2 or 6);
        Assert.Equal(6, resume["op"]!.GetValue<int>());
        Assert.Equal(sessionId, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(FakeDiscord.Token, resume["d"]!["token"]!.GetValue<string>());
        Assert.Equal(lastSequence, resume["d"]!["seq"]!.GetValue<int>());
        Assert.Contains("resumed=1", connection.Query);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    [InlineData(null)]
    public async Task Dropped_connection_is_resumed_and_each_question_answered_once(int? closeCode)
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        await AskAndWaitAsync("When is the next council?", 1);
        var session = Fake.SessionId!;

        if (closeCode is { } code)
        {
            await first.CloseAsync(code, "server going away");
        }
        else
        {
            first.Abort();
        }

        var second = await NextConnectionAsync(1);
        AssertResumed(second, session, lastSequence: 2);
        await AskAndWaitAsync("And the council after that?", 2);
        Assert.Equal(2, Fake.Messages.Count);
        Assert.Equal(2, Worker.Engine.Requests.Count);
    }

    [Fact]
    public async Task Op7_reconnect_closes_with_a_resumable_code_and_resumes()
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        await AskAndWaitAsync("When is the next council?", 1);

        await first.SendAsync(new { op = 7, d = (object?)null });

        var second = await NextConnectionAsync(1);
        AssertResumed(second, Fake.SessionId!, lastSequence: 2);
        await first.Closing;
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, first.ClientCloseStatus);
        await AskAndWaitAsync("When is the next council?", 2);
        Assert.Equal(2, Fake.Messages.Count);
    }

    [Theory]
    [InlineData(true, 6)]
    [InlineData(false, 2)]
    public async Task Op9_invalid_session_resumes_when_resumable_else_identifies_afresh(bool resumable, int expectedOp)
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        var firstSession = Fake.SessionId;

        await first.SendAsync(new { op = 9, d = resumable });

        var second = await NextConnectionAsync(1);
        Assert.Equal(expectedOp, FirstOp(second));
        Assert.Equal(resumable, Fake.SessionId == firstSession);
        await AskAndWaitAsync("When is the next council?", 1);
        Assert.Single(Fake.Messages);
    }

    [Fact]
    public async Task Missing_heartbeat_ACK_is_a_zombie_connection_that_gets_resumed()
    {
        Fake.HeartbeatIntervalMs = 1000;
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        await Fake.WaitUntilAsync(() => first.HeartbeatsReceived >= 1, "a first heartbeat");
        first.AckHeartbeats = false;

        var second = await NextConnectionAsync(1);
        AssertResumed(second, Fake.SessionId!, lastSequence: 1);
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, first.ClientCloseStatus);
        await AskAndWaitAsync("When is the next council?", 1);
    }

    [Fact]
    public async Task Heartbeats_carry_the_last_sequence_and_server_op1_is_answered_at_once()
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        await AskAndWaitAsync("When is the next council?", 1);
        var before = first.HeartbeatsReceived;

        await first.SendAsync(new { op = 1, d = (object?)null });

        await Fake.WaitUntilAsync(() => first.HeartbeatsReceived > before, "a heartbeat in reply to op 1");
        var beat = first.Received.Last(p => p["op"]!.GetValue<int>() == 1);
        Assert.Equal(Fake.Sequence, beat["d"]!.GetValue<int>());
    }

    [Fact]
    public async Task Events_replayed_after_resume_are_handled_once()
    {
        Fake.ReplayEverythingOnResume = true;
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        await AskAndWaitAsync("When is the next council?", 1);
        await Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")]));
        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PATCH"), "the /ask edit");

        await first.CloseAsync(4000, "replay please");
        var second = await NextConnectionAsync(1);
        Assert.Equal(6, FirstOp(second));
        await AskAndWaitAsync("A new question about the council", 2);

        Assert.Equal(2, Fake.Messages.Count);
        Assert.Single(Fake.Requests, r => r.Path.EndsWith("/callback", StringComparison.Ordinal));
        Assert.Equal(3, Worker.Engine.Requests.Count);
    }

    [Fact]
    public async Task Fatal_close_code_4004_stops_the_gateway_with_a_clear_error_and_no_reconnect()
    {
        Fake.ScriptConnection(async connection =>
        {
            await connection.SendHelloAsync();
            await connection.ReceiveAsync();
            await connection.CloseAsync(4004, "Authentication failed.");
        });
        await StartWorkerAsync();

        var reason = await Worker.Gateway.Stopped.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("authentication failed", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Discord:Token", reason);
        Assert.Equal(GatewayStatus.Stopped, Worker.Gateway.Status);
        Assert.Single(Fake.Connections);
        var health = await Worker.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("discord"));
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("close code 4004", health.Entries["discord-gateway"].Description);
        Assert.Contains(Worker.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical && e.Message.Contains("close code 4004", StringComparison.Ordinal));
        // The web host keeps running (HTTP interactions still work).
        using var http = new HttpClient { BaseAddress = Worker.BaseAddress };
        var response = await http.PostAsync("discord/interactions", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Close_code_4009_identifies_afresh()
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        var firstSession = Fake.SessionId;

        await first.CloseAsync(4009, "Session timed out.");

        var second = await NextConnectionAsync(1);
        Assert.Equal(2, FirstOp(second));
        Assert.NotEqual(firstSession, Fake.SessionId);
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_gateway_normally()
    {
        await StartWorkerAsync();
        var connection = await NextConnectionAsync(0);

        await Worker.App.StopAsync();

        await connection.Closing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, connection.ClientCloseStatus);
        Assert.Single(Fake.Connections);
    }

    [Fact]
    public async Task Resume_that_keeps_failing_falls_back_to_a_fresh_identify_on_the_main_gateway_url()
    {
        await StartWorkerAsync();
        var first = await NextConnectionAsync(0);
        for (var i = 0; i < 3; i++)
        {
            Fake.ScriptConnection(connection => connection.CloseAsync(4000, "resume refused"));
        }

        await first.CloseAsync(4000, "going away");

        var fresh = await NextConnectionAsync(4);
        Assert.All(Fake.Connections.Skip(1).Take(3), c => Assert.Contains("resumed=1", c.Query));
        Assert.DoesNotContain("resumed=1", fresh.Query);
        Assert.Equal(2, FirstOp(fresh));
        await AskAndWaitAsync("When is the next council?", 1);
    }

    [Fact]
    public async Task Rejected_token_on_gateway_discovery_stops_without_retrying()
    {
        Fake.Script(new ScriptedResponse("GET", "gateway/bot", 401, """{"message":"401: Unauthorized","code":0}"""));
        await StartWorkerAsync();

        var reason = await Worker.Gateway.Stopped.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("rejected the bot token", reason);
        Assert.Single(Fake.Requests, r => r.Path == "gateway/bot");
        Assert.Empty(Fake.Connections);
    }
}
