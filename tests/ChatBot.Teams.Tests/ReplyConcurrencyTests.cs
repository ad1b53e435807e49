using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;

namespace ChatBot.Teams.Tests;

/// <summary><c>Teams:ReplyConcurrency</c>: how many conversations one worker answers at once, validated at start-up.</summary>
public sealed class ReplyConcurrencyTests : IAsyncLifetime
{
    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_worker_answers_at_most_the_configured_number_of_conversations_at_once(int concurrency)
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake,
            extra: new Dictionary<string, string?> { ["Teams:ReplyConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Engine.Gate = gate;

        for (var i = 0; i < 5; i++)
        {
            await worker.PostAsync(TestActivities.Message(_fake, $"When is the next council? ({i})", id: $"c-{i}", conversationId: $"a:chat-{i}"));
        }
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (worker.Engine.Requests.Count < concurrency)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
        // Five conversations wait; only the configured number reach the engine until one finishes.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(concurrency, worker.Engine.Requests.Count);

        gate.TrySetResult();
        await _fake.WaitForMessagesAsync(5);
        Assert.Equal(5, worker.Engine.Requests.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(TeamsOptions.MaxReplyConcurrency + 1)]
    public void Values_outside_one_to_the_maximum_are_refused_with_the_setting_named(int concurrency)
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { ReplyConcurrency = concurrency });

        Assert.True(result.Failed);
        Assert.Contains("Teams:ReplyConcurrency must be between 1 and 64", result.FailureMessage);
    }

    [Fact]
    public void The_default_is_valid()
    {
        Assert.Equal(TeamsOptions.DefaultReplyConcurrency, new TeamsOptions().ReplyConcurrency);
        Assert.True(new TeamsOptionsValidator().Validate(null, new TeamsOptions()).Succeeded);
    }
}
