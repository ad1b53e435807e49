using System.Net;
using System.Text;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// A gateway that does not follow the protocol (malformed payloads, a READY missing fields, op 9
/// forever): the worker logs it, reconnects, reports Degraded meanwhile, and never stops the host.
/// </summary>
public sealed class GatewayUnhappyProtocolTests : FakeDiscordTest
{
    private bool HostIsStopping => Worker.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    private async Task<HealthReportEntry> GatewayHealthAsync() =>
        (await Worker.Service<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("discord"))).Entries["discord-gateway"];

    private async Task AskAndWaitAsync(string question, int expectedMessages)
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), question));
        await Fake.WaitUntilAsync(d => d.Messages.Count >= expectedMessages, $"{expectedMessages} answers");
    }

    [Fact]
    public async Task Ready_without_resume_gateway_url_keeps_the_host_up_and_resumes_on_the_main_gateway_url()
    {
        Fake.ScriptConnection(async connection =>
        {
            await connection.HandshakeAsync(ready => ready.Remove("resume_gateway_url"));
            await connection.Closing;
        });
        await StartWorkerAsync();

        await AskAndWaitAsync("When is the next council?", 1);
        var first = Fake.Connections[0];
        first.Abort();
        await Fake.WaitUntilAsync(d => d.Connections.Count > 1 && d.Connections[1].Ready, "a second connection");

        var resume = Fake.Connections[1].Received.First(p => p["op"]!.GetValue<int>() is 2 or 6);
        Assert.Equal(6, resume["op"]!.GetValue<int>());
        Assert.DoesNotContain("resumed=1", Fake.Connections[1].Query);
        Assert.False(HostIsStopping);
        Assert.Contains(Worker.Logs.Entries, e => e.Message.Contains("no usable resume_gateway_url", StringComparison.Ordinal));
    }

    public static TheoryData<string, bool> MalformedPayloads => new()
    {
        { "not json at all", false },
        { "[1, 2, 3]", false },
        { """{"d": null}""", false },
        { """{"op": "10", "d": {"heartbeat_interval": 1000}}""", true },
        { """{"op": 10, "d": {}}""", true },
        { """{"op": 10, "d": {"heartbeat_interval": -5}}""", true },
        { """{"op": 10, "d": null}""", true },
        { """{"op": 0, "t": "READY", "s": 1, "d": {"session_id": "s"}}""", false },
        { """{"op": 0, "t": "READY", "s": 1, "d": {"user": {"id": "1"}}}""", false },
        { """{"op": 0, "t": "READY", "s": 1, "d": "ready"}""", false },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task Malformed_payload_is_logged_the_gateway_reconnects_degraded_meanwhile_and_the_host_keeps_serving(string payload, bool insteadOfHello)
    {
        var reconnectAllowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fake.ScriptConnection(async connection =>
        {
            if (!insteadOfHello)
            {
                await connection.SendHelloAsync();
                await connection.ReceiveAsync();
            }
            await connection.SendRawAsync(Encoding.UTF8.GetBytes(payload));
            await connection.Closing;
        });
        // The second connection waits until the test has looked at the health check in between.
        Fake.ScriptConnection(async connection =>
        {
            await reconnectAllowed.Task;
            await FakeDiscord.StandardSessionAsync(connection);
        });
        await StartWorkerAsync();

        await Fake.WaitUntilAsync(d => d.Connections.Count > 1, "a reconnect after the malformed payload");
        var meanwhile = await GatewayHealthAsync();
        reconnectAllowed.SetResult();
        await AskAndWaitAsync("When is the next council?", 1);

        Assert.Equal(HealthStatus.Degraded, meanwhile.Status);
        Assert.Equal(HealthStatus.Healthy, (await GatewayHealthAsync()).Status);
        Assert.False(HostIsStopping);
        Assert.Contains(Worker.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(GatewayShard), StringComparison.Ordinal) && e.Message.Contains("reconnecting", StringComparison.Ordinal));
        Assert.Single(Fake.Messages);
    }

    [Fact]
    public async Task Server_answering_op9_forever_stops_identifying_when_the_session_start_limit_is_used_up_and_waits_for_its_reset()
    {
        Fake.SessionStartRemaining = 3;
        Fake.DefaultSession = FakeDiscord.InvalidSessionForeverAsync;
        await StartWorkerAsync();

        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == GatewayStatus.Waiting, "the gateway to wait for the session start limit");

        Assert.Equal(3, Fake.Identifies);
        // The budget is read again before every identify, and once more to see it is used up.
        Assert.Equal(4, Fake.Requests.Count(r => r.Path == "gateway/bot"));
        Assert.Contains("session start limit", Worker.Gateway.StopReason);
        Assert.Contains("resets in 1:00:00", Worker.Gateway.StopReason);
        var health = await GatewayHealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("session start limit", health.Description);
        Assert.Contains(Worker.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("session start limit", StringComparison.Ordinal));
        Assert.False(Worker.Gateway.Stopped.IsCompleted, "the gateway waits for the reset instead of giving up");
        Assert.False(HostIsStopping);
        using var http = new HttpClient { BaseAddress = Worker.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task Session_start_limit_used_up_at_start_means_no_identify_until_reset_after_then_the_gateway_connects()
    {
        Fake.SessionStartRemaining = 0;
        Fake.SessionStartResetAfterMs = 1_500;
        await StartWorkerAsync();

        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == GatewayStatus.Waiting, "the gateway to wait for the session start limit");
        Assert.Empty(Fake.Connections);
        Assert.Contains("session start limit", Worker.Gateway.StopReason);

        // Discord's budget resets; the worker reads it again after reset_after and connects without a restart.
        Fake.SessionStartRemaining = 1000;
        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == GatewayStatus.Ready, "the gateway to connect after the reset");
        Assert.Equal(1, Fake.Identifies);
    }
}
