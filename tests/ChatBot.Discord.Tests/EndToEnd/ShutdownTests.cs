using System.Net;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>A graceful stop while answers are in flight: they reach their users, or are told why not.</summary>
public sealed class ShutdownTests : FakeDiscordTest
{
    private Task StoppingAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Worker.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }

    [Fact]
    public async Task Answers_in_flight_when_the_host_stops_are_still_delivered()
    {
        await StartWorkerAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Worker.Engine.RespondAsync = async (request, _) =>
        {
            await release.Task;
            return FixedAnswers.CouncilAnswer(request);
        };
        var response = await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "in-flight"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await Fake.WaitUntilAsync(() => Worker.Engine.Requests.Count == 2, "both questions to reach the engine");

        var stopped = StoppingAsync();
        var stopping = Worker.App.StopAsync();
        await stopped;
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        var edit = Fake.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/in-flight/", StringComparison.Ordinal));
        Assert.Contains("Brussels in 2024 [1]", edit.Json!["content"]!.GetValue<string>());
        var reply = Assert.Single(Fake.Messages);
        Assert.Contains("Brussels in 2024 [1]", reply.Body["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answer_that_outlives_the_drain_timeout_is_cancelled_and_the_user_told()
    {
        await StartWorkerAsync(new Dictionary<string, string?> { ["Discord:DrainTimeout"] = "00:00:00.200" });
        Worker.Engine.RespondAsync = async (request, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return FixedAnswers.CouncilAnswer(request);
        };
        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "never"));
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await Fake.WaitUntilAsync(() => Worker.Engine.Requests.Count == 2, "the engine to be asked both");

        await Worker.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var edit = Fake.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/never/", StringComparison.Ordinal));
        Assert.Contains("before restarting", edit.Json!["content"]!.GetValue<string>());
        var reply = Assert.Single(Fake.Messages);
        Assert.Contains("before restarting", reply.Body["content"]!.GetValue<string>());
        Assert.Contains(Worker.Logs.Entries, e => e.Message.Contains("Gave up waiting for 2 Discord replies", StringComparison.Ordinal));
        Assert.Equal(0, Worker.Service<DiscordBackgroundWork>().Running);
    }
}
