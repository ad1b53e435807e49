using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Sources;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

/// <summary>
/// Schedules (a digest's cron times, a failed run's retry, a source's next fetch) on workers whose
/// clocks are ten minutes either side of the database server's: each worker runs them on the
/// <see cref="DatabaseClock"/>, so a digest is due at the same instant on both, fires early on
/// neither, and a retry or fetch one worker schedules is due for the other when it says. The
/// claims themselves are judged by the server (<c>ClaimClockTests</c>); these are the schedules.
/// Real PostgreSQL, real server time: the assertions leave seconds of slack for a loaded machine.
/// </summary>
public sealed class ScheduleClockTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);
    private static readonly ChannelKey Channel = new("discord", "skewed-schedule");

    private readonly FakeTimeProvider _behind = new(DateTimeOffset.UtcNow - Skew);
    private readonly FakeTimeProvider _ahead = new(DateTimeOffset.UtcNow + Skew);

    private static async Task<DateTimeOffset> ServerNowAsync(TestStores stores) =>
        await stores.Open(TimeProvider.System).ReadStoreClockAsync(default);

    [Fact]
    public async Task Workers_ten_minutes_either_side_run_on_the_database_clock_and_a_wall_clock_jump_changes_nothing()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        var jumpy = new JumpingClock(_ahead);
        DatabaseClock ahead = new(jumpy, stores.Open(jumpy)), behind = new(_behind, stores.Open(_behind));
        // Before the first reading there is nothing better than the worker's own clock.
        Assert.Null(ahead.Offset);
        Assert.Equal(_ahead.GetUtcNow(), ahead.GetUtcNow());

        await ahead.SyncAsync(default);
        await behind.SyncAsync(default);
        var server = await ServerNowAsync(stores);
        Assert.InRange(ahead.GetUtcNow() - server, -Slack, Slack);
        Assert.InRange(behind.GetUtcNow() - server, -Slack, Slack);
        Assert.InRange(ahead.Offset!.Value, -Skew - Slack, -Skew + Slack);
        Assert.InRange(behind.Offset!.Value, Skew - Slack, Skew + Slack);

        // Time passes on each worker's monotonic clock; the worker's wall clock stepping an hour
        // (an operator, a bad NTP step) does not move its schedules.
        var before = ahead.GetUtcNow();
        _ahead.Advance(TimeSpan.FromSeconds(30));
        jumpy.Jump = TimeSpan.FromHours(1);
        Assert.Equal(before + TimeSpan.FromSeconds(30), ahead.GetUtcNow());
        await ahead.SyncAsync(default); // still fresh: not read again
        Assert.Equal(before + TimeSpan.FromSeconds(30), ahead.GetUtcNow());

        // Read again after a while: back on the server's clock, which moved only by real time.
        _ahead.Advance(DatabaseClock.ResyncInterval);
        await ahead.SyncAsync(default);
        Assert.InRange(ahead.GetUtcNow() - await ServerNowAsync(stores), -Slack, Slack);
        var expected = -Skew - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(30) - DatabaseClock.ResyncInterval;
        Assert.InRange(ahead.Offset!.Value, expected - Slack, expected + Slack);
    }

    [Fact]
    public async Task A_digest_is_due_at_the_same_instant_on_workers_whose_clocks_are_twenty_minutes_apart()
    {
        using var harness = await DigestHarness.CreateAsync(TestStores.Postgres, DateTimeOffset.UtcNow);
        var aheadClock = new DatabaseClock(_ahead, harness.Stores.Open(_ahead));
        var behindClock = new DatabaseClock(_behind, harness.Stores.Open(_behind));
        var ahead = harness.Worker(aheadClock);
        var behind = harness.Worker(behindClock);
        await aheadClock.SyncAsync(default);
        await behindClock.SyncAsync(default);

        // Subscribed on the worker ahead: the schedule starts at the server's now, not ten minutes on.
        await ahead.Service.SubscribeAsync(Channel, "* * * * *", "UTC", backfill: false, default);
        var subscribed = (await ((ISubscriptionStore)harness.Store).GetAsync(Channel, default))!;
        var server = await ServerNowAsync(harness.Stores);
        Assert.InRange(subscribed.ScheduledThrough - server, -Slack, Slack);

        // Every minute's run is due by the server's clock: two minutes on for the worker behind
        // (whose own clock would see nothing due for another eight), it records and posts the latest.
        _behind.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await behind.Scheduler.RunDueAsync(behindClock.GetUtcNow(), default);
        var runs = await harness.RunsAsync(Channel);
        Assert.NotEmpty(runs);
        Assert.Equal(1, harness.Discord.PostsTo(Channel));
        Assert.All(runs, r => Assert.InRange(r.ScheduledFor, subscribed.ScheduledThrough, subscribed.ScheduledThrough + TimeSpan.FromMinutes(2) + Slack));

        // The worker ahead a moment earlier finds nothing new to record (its own clock would record
        // ten minutes of runs that are not due yet) and posts nothing twice.
        _ahead.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(5));
        await ahead.Scheduler.RunDueAsync(aheadClock.GetUtcNow(), default);
        var after = await harness.RunsAsync(Channel);
        Assert.All(after, r => Assert.True(r.ScheduledFor <= behindClock.GetUtcNow(), $"run scheduled for {r.ScheduledFor:u} is in the future"));
        Assert.Equal(runs.Count, after.Count);
        Assert.Equal(1, harness.Discord.PostsTo(Channel));
    }

    [Fact]
    public async Task A_command_before_the_first_scheduling_pass_already_runs_on_the_database_clock()
    {
        using var harness = await DigestHarness.CreateAsync(TestStores.Postgres, DateTimeOffset.UtcNow);
        var aheadClock = new DatabaseClock(_ahead, harness.Stores.Open(_ahead));
        var ahead = harness.Worker(aheadClock);
        // A worker just started: no scheduling pass has read the server's clock yet.
        Assert.Null(aheadClock.Offset);

        await ahead.Service.SubscribeAsync(Channel, "* * * * *", "UTC", backfill: false, default);
        var subscribed = (await ((ISubscriptionStore)harness.Store).GetAsync(Channel, default))!;
        var server = await ServerNowAsync(harness.Stores);
        // Not ten minutes on: the subscription starts at the server's now, and so does its status.
        Assert.InRange(subscribed.ScheduledThrough - server, -Slack, Slack);
        Assert.InRange(subscribed.Subscription.CreatedAt - server, -Slack, Slack);
        Assert.NotNull(aheadClock.Offset);
        var status = await ahead.Service.StatusAsync(Channel, default);
        Assert.InRange(status.NextRun!.Value - server, TimeSpan.Zero, TimeSpan.FromMinutes(1) + Slack);
    }

    [Fact]
    public async Task A_retry_or_next_fetch_one_worker_schedules_is_due_for_the_other_when_it_says()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        ChatStore aheadStore = stores.Open(_ahead), behindStore = stores.Open(_behind);
        DatabaseClock aheadClock = new(_ahead, aheadStore), behindClock = new(_behind, behindStore);
        await aheadClock.SyncAsync(default);
        await behindClock.SyncAsync(default);

        // The worker ahead fails a run and schedules its retry a minute on (on the server's clock).
        IDeliveryLog aheadLog = aheadStore, behindLog = behindStore;
        var run = (await aheadLog.TryClaimAsync(Channel, aheadClock.GetUtcNow(), aheadClock.GetUtcNow(), default))!;
        Assert.True(await aheadLog.TryLeaseAsync(run.Id, "ahead", TimeSpan.FromMinutes(1), default));
        Assert.True(await aheadLog.RetryLaterAsync(run.Id, "ahead", "platform said 503", 1, aheadClock.GetUtcNow() + TimeSpan.FromMinutes(1), default));
        // Not due yet for the worker behind (nor early for the one ahead)...
        Assert.Empty(await behindLog.DueAsync(behindClock.GetUtcNow(), default));
        Assert.Empty(await aheadLog.DueAsync(aheadClock.GetUtcNow(), default));
        // ...and due for it a minute later, not eleven.
        _behind.Advance(TimeSpan.FromMinutes(1) + Slack);
        Assert.Single(await behindLog.DueAsync(behindClock.GetUtcNow(), default));

        // The same for a source's next fetch, scheduled by the worker behind.
        ISourceStateStore aheadSources = aheadStore, behindSources = behindStore;
        Assert.True(await behindSources.TryClaimFetchAsync("news", "behind", TimeSpan.FromMinutes(1), behindClock.GetUtcNow(), dueOnly: true, default));
        var nextFetch = behindClock.GetUtcNow() + TimeSpan.FromMinutes(5);
        Assert.True(await behindSources.CompleteFetchAsync(SourceState.New("news") with { LastFetchAt = behindClock.GetUtcNow(), NextFetchAt = nextFetch }, "behind", default));
        Assert.False(await aheadSources.TryClaimFetchAsync("news", "ahead", TimeSpan.FromMinutes(1), aheadClock.GetUtcNow(), dueOnly: true, default));
        _ahead.Advance(nextFetch - aheadClock.GetUtcNow() - Slack);
        Assert.False(await aheadSources.TryClaimFetchAsync("news", "ahead", TimeSpan.FromMinutes(1), aheadClock.GetUtcNow(), dueOnly: true, default));
        _ahead.Advance(Slack + TimeSpan.FromSeconds(1));
        Assert.True(await aheadSources.TryClaimFetchAsync("news", "ahead", TimeSpan.FromMinutes(1), aheadClock.GetUtcNow(), dueOnly: true, default));
    }

    /// <summary>A worker's clock whose wall time can step (an operator, NTP) while its monotonic clock runs on.</summary>
    private sealed class JumpingClock(FakeTimeProvider inner) : TimeProvider
    {
        public TimeSpan Jump { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Jump;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
