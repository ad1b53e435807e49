using System.Net;
using ChatBot.Core.Coordination;
using ChatBot.Core.Storage;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

/// <summary>
/// A worker's claim on a Teams activity, attacked: the worker pauses past its claim while another
/// worker answers the activity (it then posts and records nothing), and the database ends every
/// session while the worker answers (the activity is answered once all the same). The real worker
/// on the real store of each provider.
/// </summary>
public sealed class InboxClaimTests : IAsyncLifetime
{
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chatbot-teams-claims", Guid.NewGuid().ToString("N"));
    private FakeMicrosoft _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        TeamsTestHost.DeleteFolder(_data);
    }

    private Task<TeamsTestHost> StartAsync(TestStores stores, TimeProvider time)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatBot:Store:Provider"] = stores.Provider,
            // One activity at a time: the worker's own loop must not lease the item again itself.
            ["Teams:ReplyConcurrency"] = "1",
        };
        if (stores.ConnectionString is { } connection)
        {
            settings["ConnectionStrings:ChatBot"] = connection;
        }
        else
        {
            settings["ChatBot:Store:Path"] = stores.SqlitePath;
        }
        return TeamsTestHost.StartAsync(_fake, dataPath: _data, extra: settings, configure: s => s.AddSingleton(time));
    }

    /// <summary>A worker whose engine is thinking (held at its gate) about an activity it claimed and started to answer.</summary>
    private async Task<TeamsTestHost> StartThinkingAsync(TestStores stores, TimeProvider time, string activityId)
    {
        var worker = await StartAsync(stores, time);
        worker.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: activityId))).StatusCode);
        await _fake.WaitForAsync(sent => sent.Any(s => s.Type == "typing"));
        return worker;
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_worker_paused_past_its_claim_posts_nothing_once_another_worker_answered_the_activity(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var worker = await StartThinkingAsync(stores, time, "paused");

        // The worker stands still (its clock and timers with it) past its claim; another worker
        // takes the activity over on the store's clock and answers it.
        var pause = Claim + TimeSpan.FromSeconds(1);
        await stores.ElapseStoreClockAsync(pause);
        IInbox other = stores.Open(new FakeTimeProvider(time.GetUtcNow() + pause));
        var item = Assert.Single(await other.LeaseAsync("teams", "other-worker", 4, Claim, default));
        Assert.True(await other.CompleteAsync(item.Id, "other-worker", "done", null, default));

        // The paused worker wakes with its answer ready: the claim check before the reply stops it.
        worker.Engine.Gate!.SetResult();
        var lostClaims = worker.Services.GetRequiredService<LostClaims>();
        for (var i = 0; i < 600 && lostClaims.Snapshot()[LostClaims.TeamsInbox] == 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, lostClaims.Snapshot()[LostClaims.TeamsInbox]);
        Assert.Empty(_fake.Messages);
        Assert.Contains("claim on the activity was lost", worker.Logs.All);
        Assert.Empty(await other.LeaseAsync("teams", "other-worker", 4, Claim, default));
        var metrics = await worker.Http.GetStringAsync("/metrics");
        Assert.Contains("chatbot_claim_writes_refused_total{claim=\"teams-inbox\"} 1", metrics);
    }

    [Fact]
    public async Task An_activity_being_answered_when_the_database_ends_every_session_is_answered_once()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        await using var worker = await StartAsync(stores, TimeProvider.System);
        worker.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "cut-off"))).StatusCode);
        await _fake.WaitForAsync(sent => sent.Any(s => s.Type == "typing"));

        Assert.True(await stores.EndAllSessionsAsync() > 0);
        worker.Engine.Gate.SetResult();
        await _fake.WaitForMessagesAsync(1);

        // Teams retries the delivery after the cut: accepted, and not answered again.
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.Message(_fake, "When is the next council?", id: "cut-off"))).StatusCode);
        await Task.Delay(500);
        Assert.Equal("cut-off", Assert.Single(_fake.Messages).ReplyToId);
        Assert.Equal(0, worker.Services.GetRequiredService<LostClaims>().Snapshot()[LostClaims.TeamsInbox]);
        IInbox inbox = stores.Open(TimeProvider.System);
        Assert.Null(await inbox.NextDueAsync("teams", DateTimeOffset.UtcNow, default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_answer_that_takes_longer_than_the_claim_keeps_it_and_is_posted_once(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var worker = await StartThinkingAsync(stores, time, "slow");

        // The engine thinks for more than one claim (5 min) while time passes on both clocks; the
        // worker's heartbeat renews the claim, so another worker can never take the activity.
        IInbox other = stores.Open(time);
        var renewal = Claim / 3;
        for (var elapsed = TimeSpan.Zero; elapsed < Claim + renewal; elapsed += renewal)
        {
            await stores.ElapseStoreClockAsync(renewal);
            time.Advance(renewal);
            await WaitUntilRenewedAsync(stores, other, time);
            Assert.Empty(await other.LeaseAsync("teams", "other-worker", 4, Claim, default));
        }

        worker.Engine.Gate!.SetResult();
        await _fake.WaitForMessagesAsync(1);
        for (var i = 0; i < 600 && await other.NextDueAsync("teams", time.GetUtcNow(), default) is not null; i++)
        {
            await Task.Delay(50);
        }
        Assert.Null(await other.NextDueAsync("teams", time.GetUtcNow(), default));
        Assert.Equal("slow", Assert.Single(_fake.Messages).ReplyToId);
        Assert.Equal(0, worker.Services.GetRequiredService<LostClaims>().Snapshot()[LostClaims.TeamsInbox]);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_renewal_refused_while_the_engine_thinks_stops_the_work_without_a_reply(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The engine never finishes by itself: only the lost claim can end the work.
        await using var worker = await StartThinkingAsync(stores, time, "fenced");

        // The worker stood still past its claim (its heartbeat with it); another worker took over.
        var pause = Claim + TimeSpan.FromSeconds(1);
        await stores.ElapseStoreClockAsync(pause);
        IInbox other = stores.Open(new FakeTimeProvider(time.GetUtcNow() + pause));
        var item = Assert.Single(await other.LeaseAsync("teams", "other-worker", 4, Claim, default));

        // On waking, its next heartbeat is refused and the answer in progress is cancelled.
        time.Advance(Claim / 3);
        var lostClaims = worker.Services.GetRequiredService<LostClaims>();
        for (var i = 0; i < 600 && lostClaims.Snapshot()[LostClaims.TeamsInbox] == 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, lostClaims.Snapshot()[LostClaims.TeamsInbox]);
        Assert.False(worker.Engine.Gate!.Task.IsCompleted);
        Assert.Contains("the claim is no longer this worker's", worker.Logs.All);
        Assert.Empty(_fake.Messages);
        // The new holder's claim is untouched: it answers and completes the activity.
        Assert.True(await other.CompleteAsync(item.Id, "other-worker", "done", null, default));
    }

    /// <summary>Waits until the activity's claim runs for nearly a whole claim again, nudging the clocks a second at a time (the heartbeat's next wait may start just after a step).</summary>
    private static async Task WaitUntilRenewedAsync(TestStores stores, IInbox inbox, FakeTimeProvider time)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await inbox.NextDueAsync("teams", time.GetUtcNow(), default) is { } due && due - time.GetUtcNow() > Claim - Claim / 6)
            {
                return;
            }
            await Task.Delay(50);
            if (i % 20 == 19)
            {
                await stores.ElapseStoreClockAsync(TimeSpan.FromSeconds(1));
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        Assert.Fail("The claim on the activity was not renewed while the engine was thinking.");
    }
}
