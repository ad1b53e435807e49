using System.Net;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

/// <summary>
/// Every acknowledged activity is answered exactly once: it is stored before Teams hears 200, survives a
/// stop or a restart, keeps its order within a conversation, and a replay (even after a restart) is a no-op.
/// </summary>
public sealed class InboxTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chatbot-teams-inbox", Guid.NewGuid().ToString("N"));
    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        TeamsTestHost.DeleteFolder(_data);
    }

    private Task<TeamsTestHost> StartAsync(Action<IServiceCollection>? configure = null) =>
        TeamsTestHost.StartAsync(_fake, dataPath: _data, configure: configure,
            extra: new Dictionary<string, string?> { ["Teams:DrainTimeout"] = "00:00:00.200" });

    [Fact]
    public async Task Questions_acknowledged_before_a_stop_are_answered_once_each_after_the_restart_in_order()
    {
        var ids = new List<(string Id, string Conversation)>();
        await using (var first = await StartAsync())
        {
            first.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            for (var i = 0; i < 12; i++)
            {
                var conversation = $"a:chat-{i % 3}";
                var id = $"q-{i:D2}";
                var response = await first.PostAsync(TestActivities.Message(_fake, $"When is the next council? ({i})", id: id, conversationId: conversation));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                ids.Add((id, conversation));
            }
            // Stopped while the engine still thinks: the drain gives up after 200 ms and hands the work back.
        }
        Assert.Empty(_fake.Messages);

        await using var second = await StartAsync();
        var replies = await _fake.WaitForMessagesAsync(12);
        await Task.Delay(300);
        var messages = _fake.Messages;
        Assert.Equal(12, messages.Count);
        Assert.Equal(ids.Select(i => i.Id).Order(), messages.Select(m => m.ReplyToId!).Order());
        foreach (var conversation in ids.GroupBy(i => i.Conversation))
        {
            Assert.Equal(conversation.Select(c => c.Id), messages.Where(m => m.ConversationId == conversation.Key).Select(m => m.ReplyToId));
        }

        // Teams (or an attacker) replays one of them after the restart: accepted, not answered again.
        var replay = await second.PostAsync(TestActivities.Message(_fake, "When is the next council? (0)", id: "q-00", conversationId: "a:chat-0"));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Task.Delay(300);
        Assert.Equal(12, _fake.Messages.Count);
    }

    [Fact]
    public async Task Work_in_progress_finishes_during_a_graceful_stop_and_is_not_repeated_after_the_restart()
    {
        await using (var first = await TeamsTestHost.StartAsync(_fake, dataPath: _data,
            extra: new Dictionary<string, string?> { ["Teams:DrainTimeout"] = "00:00:20" }))
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Engine.Gate = gate;
            // The engine finishes only once the stop has begun: the drain must wait for it.
            first.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.Register(() => gate.TrySetResult());
            await first.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "draining"));
            await _fake.WaitForAsync(sent => sent.Any(s => s.Type == "typing"));
        }
        Assert.Equal("draining", Assert.Single(_fake.Messages).ReplyToId);

        await using var second = await StartAsync();
        await Task.Delay(500);
        Assert.Single(_fake.Messages);
    }

    [Fact]
    public async Task Concurrent_duplicate_deliveries_are_answered_once()
    {
        await using var worker = await StartAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(TestActivities.Message(_fake, "When is the next council?", id: "dup"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => worker.PostAsync(json)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await _fake.WaitForMessagesAsync(1);
        await Task.Delay(300);
        Assert.Single(_fake.Messages);
    }

    [Fact]
    public async Task A_long_retry_after_defers_the_reply_instead_of_apologising_and_posts_it_once_later()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var worker = await StartAsync(s => s.AddSingleton<TimeProvider>(time));
        _fake.Script(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.Message(_fake, "help", id: "throttled"))).StatusCode);
        await _fake.WaitForAsync(sent => sent.Any(s => s.Status == 429));
        await Task.Delay(200);
        Assert.Empty(_fake.Messages); // deferred, not answered "sorry" at once

        for (var i = 0; i < 40 && _fake.Messages.Count == 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
        }
        await _fake.WaitForMessagesAsync(1);
        var reply = Assert.Single(_fake.Messages);
        Assert.Equal("throttled", reply.ReplyToId);
        Assert.DoesNotContain(_fake.Sent, s => s.Text?.Contains("Sorry", StringComparison.Ordinal) == true);
        Assert.Equal(2, _fake.Sent.Count(s => s.ReplyToId == "throttled"));
    }

    [Fact]
    public async Task A_reply_the_connector_may_have_taken_is_not_posted_again()
    {
        await using var worker = await StartAsync();
        _fake.Script(HttpStatusCode.InternalServerError);

        await worker.PostAsync(TestActivities.Message(_fake, "help", id: "maybe"));
        await _fake.WaitForAsync(sent => sent.Any(s => s.Status == 500));
        await Task.Delay(500);

        var attempts = _fake.Sent.Where(s => s.ReplyToId == "maybe").ToList();
        Assert.Single(attempts);
        Assert.DoesNotContain(_fake.Sent, s => s.Text?.Contains("Sorry", StringComparison.Ordinal) == true);
    }
}
