using System.Net;
using ChatBot.Discord.Tests.Doubles;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>A graceful stop while answers are in flight: they reach their users, or are told why not.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;
    private DiscordTestHost? _host;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await _discord.DisposeAsync();
    }

    private Task StoppingAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host!.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }

    [Fact]
    public async Task Answers_in_flight_when_the_host_stops_are_still_delivered()
    {
        _host = await DiscordTestHost.StartAsync(_discord);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Engine.RespondAsync = async (request, _) =>
        {
            await release.Task;
            return FixedAnswers.CouncilAnswer(request);
        };
        var response = await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "in-flight"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await _discord.WaitUntilAsync(() => _host.Engine.Requests.Count == 2, "both questions to reach the engine");

        var stopped = StoppingAsync();
        var stopping = _host.App.StopAsync();
        await stopped;
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        var edit = _discord.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/in-flight/", StringComparison.Ordinal));
        Assert.Contains("Brussels in 2024 [1]", edit.Json!["content"]!.GetValue<string>());
        var reply = Assert.Single(_discord.Messages);
        Assert.Contains("Brussels in 2024 [1]", reply.Body["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answer_that_outlives_the_drain_timeout_is_cancelled_and_the_user_told()
    {
        _host = await DiscordTestHost.StartAsync(_discord, new Dictionary<string, string?> { ["Discord:DrainTimeout"] = "00:00:00.200" }, gateway: false);
        _host.Engine.RespondAsync = async (request, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return FixedAnswers.CouncilAnswer(request);
        };
        await _host.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "never"));
        await _discord.WaitUntilAsync(() => !_host.Engine.Requests.IsEmpty, "the engine to be asked");

        await _host.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var edit = _discord.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/never/", StringComparison.Ordinal));
        Assert.Contains("before restarting", edit.Json!["content"]!.GetValue<string>());
        Assert.Contains(_host.Logs.Entries, e => e.Message.Contains("Gave up waiting for 1 Discord replies", StringComparison.Ordinal));
        Assert.Equal(0, _host.Service<DiscordBackgroundWork>().Running);
    }
}
