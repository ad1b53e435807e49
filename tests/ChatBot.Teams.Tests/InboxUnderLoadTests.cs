using System.Net;
using System.Text.Json;
using ChatBot.Core.Storage;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

/// <summary>
/// The inbox under load: many conversations answered side by side up to the bound and each once, a
/// full backlog refused with 503 and Retry-After (nothing stored, so the retry is taken), and an
/// activity whose worker died after posting its reply taken over after the claim without posting twice.
/// </summary>
public sealed class InboxUnderLoadTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chatbot-teams-load", Guid.NewGuid().ToString("N"));
    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        TeamsTestHost.DeleteFolder(_data);
    }

    [Fact]
    public async Task Many_conversations_are_answered_at_most_the_bound_at_a_time_and_each_activity_once()
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake, extra: new Dictionary<string, string?> { ["Teams:ReplyConcurrency"] = "8" });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Engine.Gate = gate;

        // 40 activities in 20 conversations: each conversation's first question, all at once, then its second.
        foreach (var round in new[] { 0, 20 })
        {
            var posted = await Task.WhenAll(Enumerable.Range(round, 20).Select(i =>
                worker.PostAsync(TestActivities.Message(_fake, $"When is the next council? ({i})", id: $"m-{i:D2}", conversationId: $"a:chat-{i % 20}"))));
            Assert.All(posted, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }
        await WaitUntilAsync(() => worker.Engine.Requests.Count >= 8);
        await Task.Delay(500);
        Assert.Equal(8, worker.Engine.Requests.Count);

        gate.TrySetResult();
        await _fake.WaitForMessagesAsync(40);
        await Task.Delay(300);
        var replies = _fake.Messages.Select(m => m.ReplyToId).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"m-{i:D2}"), replies.Order());
        Assert.InRange(worker.Engine.MaxInFlight, 1, 8);
        // Within each conversation the first question is answered first.
        foreach (var conversation in _fake.Messages.GroupBy(m => m.ConversationId))
        {
            Assert.Equal(conversation.Select(m => m.ReplyToId).Order(), conversation.Select(m => m.ReplyToId));
        }
    }

    [Fact]
    public async Task A_full_backlog_is_refused_with_503_and_retry_after_and_the_retry_is_answered_once_it_has_room()
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake, extra: new Dictionary<string, string?>
        {
            ["Teams:ReplyConcurrency"] = "1",
            ["Teams:MaxBacklog"] = "3",
            ["Teams:BacklogRetryAfter"] = "00:00:07",
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Engine.Gate = gate;
        for (var i = 0; i < 3; i++)
        {
            var accepted = await worker.PostAsync(TestActivities.Message(_fake, $"When is the next council? ({i})", id: $"in-{i}", conversationId: $"a:chat-{i}"));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var refused = await worker.PostAsync(TestActivities.Message(_fake, "When is the next council? (late)", id: "late", conversationId: "a:chat-late"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        // An invoke is answered in its own request, never queued: the backlog does not refuse it.
        var invoke = await worker.PostAsync(FeedbackInvoke());
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, invoke.StatusCode);

        gate.TrySetResult();
        await _fake.WaitForMessagesAsync(3);
        await Task.Delay(300);
        Assert.DoesNotContain(_fake.Messages, m => m.ReplyToId == "late"); // refused means not stored
        Assert.Equal(1, worker.Services.GetRequiredService<InboxBacklog>().Refused);

        // The sender retries the same activity once the backlog has room: accepted and answered once.
        var retried = await worker.PostAsync(TestActivities.Message(_fake, "When is the next council? (late)", id: "late", conversationId: "a:chat-late"));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await _fake.WaitForMessagesAsync(4);
        await Task.Delay(300);
        Assert.Single(_fake.Messages, m => m.ReplyToId == "late");
    }

    [Fact]
    public async Task An_activity_whose_worker_died_after_posting_is_taken_over_after_the_claim_and_not_posted_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Directory.CreateDirectory(_data);
        using (var dead = new SqliteChatStore(Path.Combine(_data, "chatbot.db"), time))
        {
            IInbox inbox = dead;
            var now = time.GetUtcNow();
            Assert.True(await inbox.TryAddAsync("teams", "teams:msteams|a:chat|crashed", "a:chat", Json(TestActivities.Message(_fake, "help", id: "crashed", conversationId: "a:chat")), default));
            Assert.True(await inbox.TryAddAsync("teams", "teams:msteams|a:chat|after", "a:chat", Json(TestActivities.Message(_fake, "help", id: "after", conversationId: "a:chat")), default));
            // The dead worker claimed the first, posted its one reply, recorded that, and died before completing it.
            var claimed = Assert.Single(await inbox.LeaseAsync("teams", "dead-worker", 8, TimeSpan.FromMinutes(5), default));
            Assert.True(await inbox.RecordPartsAsync(claimed.Id, "dead-worker", 1, default));
        }

        await using var worker = await TeamsTestHost.StartAsync(_fake, dataPath: _data, configure: s => s.AddSingleton<TimeProvider>(time));
        await Task.Delay(500);
        Assert.Empty(_fake.Messages); // the claim still runs, and the next item of the conversation waits behind it

        for (var i = 0; i < 40 && _fake.Messages.Count == 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
        }
        await _fake.WaitForMessagesAsync(1);
        await Task.Delay(300);
        Assert.Equal("after", Assert.Single(_fake.Messages).ReplyToId);
        Assert.Equal(0, await worker.Services.GetRequiredService<IInbox>().CountPendingAsync("teams", default));
    }

    private object FeedbackInvoke() => new
    {
        type = "invoke",
        name = "message/submitAction",
        id = "invoke-1",
        serviceUrl = _fake.ServiceUrl,
        channelId = "msteams",
        replyToId = "some-message",
        from = new { id = "29:user-1", aadObjectId = TestActivities.UserObjectId },
        conversation = new { id = "a:chat-invoke", conversationType = "personal", tenantId = TestActivities.TenantId },
        recipient = new { id = TestActivities.BotId },
        value = new { actionName = "feedback", actionValue = new { reaction = "like" } },
    };

    private static string Json(object activity) => JsonSerializer.Serialize(activity);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
