using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;

namespace ChatBot.Core.Tests.Digests;

/// <summary>
/// Digests against a slow or failing platform: parts that went out are never posted again, a part
/// the platform may have taken is recorded as such (not reposted), a stop or a crash mid-post is
/// resumed after what went out, a run covered by a later one posts nothing, and the status tells
/// every attempt's story.
/// </summary>
/// <summary>Runs once over SQLite and once over PostgreSQL (see the two subclasses at the end).</summary>
public abstract class PartialDeliveryTests(string provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Sunday = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayNineBrussels = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly ChannelKey Channel = new("parted", "19:digest@thread.tacv2");

    // Real time that passes on PostgreSQL's clock (the store's there) while a test runs on a loaded machine.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    private DigestHarness _h = null!;

    public async Task InitializeAsync() => _h = await NewHarnessAsync(Sunday);

    public Task DisposeAsync()
    {
        _h.Dispose();
        return Task.CompletedTask;
    }

    private Task<DigestHarness> NewHarnessAsync(DateTimeOffset start) => DigestHarness.CreateAsync(provider, start);

    private IDeliveryLog Log => _h.Store;

    private async Task<DeliveryRecord> RunAsync() => Assert.Single(await _h.RunsAsync(Channel));

    [Fact]
    public async Task A_retry_after_a_partial_failure_posts_only_the_missing_parts_over_the_same_window()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.RefuseOnce = (1, new DeliveryFailedException("Teams answered 502", permanent: false));

        await _h.PassAtAsync(MondayNineBrussels);
        var failed = await RunAsync();
        Assert.Equal((DeliveryOutcome.Pending, 1, 1), (failed.Outcome, failed.Attempts, failed.PartsDone));

        await _h.PassAtAsync(MondayNineBrussels + _h.Options.RetryDelay);

        Assert.Equal([0, 1, 2], _h.Parted.Arrived.Select(a => a.Part));
        Assert.Equal([0, 1], _h.Parted.StartedAt);
        Assert.Single(_h.Parted.Arrived.Select(a => a.Digest.Until).Distinct());
        var run = await RunAsync();
        Assert.Equal((DeliveryOutcome.Delivered, 2), (run.Outcome, run.Attempts));
        Assert.Contains("attempt 2", run.Reason);
        Assert.Contains(run.History, h => h.StartsWith("Attempt 1 failed", StringComparison.Ordinal) && h.Contains("502", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_part_the_platform_may_have_taken_is_not_reposted_and_the_status_says_so()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.TakenWithError.Add(1);

        await _h.PassAtAsync(MondayNineBrussels);
        await _h.PassAtAsync(MondayNineBrussels + TimeSpan.FromHours(2));

        Assert.Equal([0, 1, 2], _h.Parted.Arrived.Select(a => a.Part));
        var run = await RunAsync();
        Assert.Equal(DeliveryOutcome.Uncertain, run.Outcome);
        Assert.Contains("may not have arrived", run.Reason);
        Assert.Contains(run.History, h => h.Contains("Part 2 of 3 may or may not have been posted", StringComparison.Ordinal));
        var status = await _h.Service.StatusAsync(Channel, default);
        Assert.Equal(DeliveryOutcome.Uncertain, status.RecentRuns[0].Outcome);
    }

    [Fact]
    public async Task A_stop_in_the_middle_of_a_part_is_recorded_and_the_restart_resumes_after_it()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.HangAt = 1;
        _h.Time.SetUtcNow(MondayNineBrussels);
        using var stopping = new CancellationTokenSource();

        var pass = _h.PassAsync(stopping.Token);
        await _h.Parted.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);

        var interrupted = await RunAsync();
        Assert.Equal((DeliveryOutcome.Pending, 1, 2), (interrupted.Outcome, interrupted.Attempts, interrupted.PartsDone));
        Assert.Contains(interrupted.History, h => h.Contains("interrupted by a shutdown", StringComparison.Ordinal));
        var arrivedBefore = _h.Parted.Arrived.Select(a => a.Part).ToList();
        Assert.Equal([0, 1], arrivedBefore);

        _h.Restart(newPublishers: true);
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(1));

        Assert.Equal([2], _h.Parted.Arrived.Select(a => a.Part)); // only the missing part, after the restart
        var run = await RunAsync();
        Assert.Equal((DeliveryOutcome.Uncertain, 2), (run.Outcome, run.Attempts));
        Assert.Contains(run.History, h => h.Contains("Part 2 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_part_that_returns_after_another_worker_took_the_run_over_is_refused_and_the_other_workers_result_stands()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.HangAt = 1;
        _h.Time.SetUtcNow(MondayNineBrussels);
        var pass = _h.PassAsync();
        await _h.Parted.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // This worker is paused (its clock and timers stand still) while the claim runs out on the
        // store's clock and another worker resumes the run, posts the rest and completes it.
        var pause = _h.Options.ClaimLease + TimeSpan.FromSeconds(1);
        await _h.Stores.ElapseStoreClockAsync(pause);
        var other = _h.Stores.Open(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(_h.Time.GetUtcNow() + pause));
        IDeliveryLog otherLog = other;
        var run = (await RunAsync()).Id;
        Assert.True(await otherLog.TryLeaseAsync(run, "other-worker", _h.Options.Lease, default));
        foreach (var part in new[] { 1, 2 })
        {
            Assert.True(await otherLog.BeginPartAsync(run, "other-worker", part, MondayNineBrussels, default));
            Assert.True(await otherLog.RecordPartAsync(run, "other-worker", part, uncertain: false, "thread-1", null, default));
        }
        Assert.True(await otherLog.CompleteAsync(run, "other-worker", DeliveryOutcome.Delivered, "Posted by the other worker.", 1, _h.Time.GetUtcNow() + pause, default));

        // The paused worker wakes: its next renewal finds the run taken, the part on the wire comes
        // back, and recording it is refused (and counted); nothing of it lands in the run.
        await _h.AdvanceAsync(_h.Options.ClaimRenewal);
        await pass.WaitAsync(TimeSpan.FromSeconds(30));

        var final = await RunAsync();
        Assert.Equal((DeliveryOutcome.Delivered, "Posted by the other worker.", 3, 0), (final.Outcome, final.Reason, final.PartsDone, final.UncertainParts));
        Assert.DoesNotContain(final.History, h => h.Contains("interrupted", StringComparison.Ordinal) || h.Contains("may or may not", StringComparison.Ordinal));
        Assert.Equal(1, _h.LostClaims.Snapshot()[LostClaims.Digest]);
    }

    [Fact]
    public async Task A_worker_whose_claim_was_taken_over_posts_no_further_part_and_writes_nothing_to_the_run()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Time.SetUtcNow(MondayNineBrussels);
        var claimed = (await Log.TryClaimAsync(Channel, MondayNineBrussels, MondayNineBrussels, default))!;
        // After the first part went out this worker stalls past its claim and another worker takes
        // the run over: the claim check before the next part finds it gone.
        var (log, proxy) = Fakes.TakenOverDeliveryLog.Over(_h.Store, () => _h.Parted.Arrived.Count >= 1);
        var runner = new DigestRunner(_h.Composer, _h.Store, log, [_h.Parted], Microsoft.Extensions.Options.Options.Create(_h.Options), _h.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DigestRunner>.Instance);

        await runner.AttemptAsync(new PendingRun(claimed, Manual: false), default);

        Assert.Equal([0], _h.Parted.Arrived.Select(a => a.Part));
        var run = await RunAsync();
        // The run belongs to the other worker now: no failure, retry, completion or interruption from this one.
        Assert.Equal((DeliveryOutcome.Pending, 0), (run.Outcome, run.Attempts));
        Assert.DoesNotContain(proxy.Calls, c => c is nameof(IDeliveryLog.CompleteAsync) or nameof(IDeliveryLog.RetryLaterAsync) or nameof(IDeliveryLog.InterruptAsync) or nameof(IDeliveryLog.ReleaseAsync));
        Assert.Null(run.PartInFlight);
    }

    [Fact]
    public async Task A_crash_while_a_part_was_on_the_wire_never_reposts_that_part()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        // The crashed worker had posted part 1 and started part 2 when it died.
        var claimed = (await Log.TryClaimAsync(Channel, MondayNineBrussels, MondayNineBrussels, default))!;
        await _h.AdvanceToAsync(MondayNineBrussels);
        Assert.True(await Log.TryLeaseAsync(claimed.Id, "other-worker", _h.Options.Lease, default));
        Assert.True(await Log.BeginPartAsync(claimed.Id, "other-worker", 0, MondayNineBrussels, default));
        Assert.True(await Log.RecordPartAsync(claimed.Id, "other-worker", 0, uncertain: false, "thread-1", null, default));
        Assert.True(await Log.BeginPartAsync(claimed.Id, "other-worker", 1, MondayNineBrussels, default));

        _h.Restart(newPublishers: true);
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease);
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease + TimeSpan.FromMinutes(5));

        Assert.Equal([2], _h.Parted.StartedAt);
        Assert.Equal([2], _h.Parted.Arrived.Select(a => a.Part));
        Assert.Equal(MondayNineBrussels, _h.Parted.Arrived[0].Digest.Until); // the crashed attempt's window
        var run = await RunAsync();
        Assert.Equal(DeliveryOutcome.Uncertain, run.Outcome);
        Assert.Contains(run.History, h => h.Contains("ended while part 2 was being posted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(120, true)]
    [InlineData(20, false)]
    public async Task A_part_on_the_wire_at_a_crash_is_posted_again_under_its_key_only_within_the_platforms_window(int windowSeconds, bool reposted)
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        // The crashed worker had posted part 1 and started part 2 when it died; the take-over comes a lease later.
        var claimed = (await Log.TryClaimAsync(Channel, MondayNineBrussels, MondayNineBrussels, default))!;
        await _h.AdvanceToAsync(MondayNineBrussels);
        Assert.True(await Log.TryLeaseAsync(claimed.Id, "other-worker", _h.Options.Lease, default));
        Assert.True(await Log.BeginPartAsync(claimed.Id, "other-worker", 0, MondayNineBrussels, default));
        Assert.True(await Log.RecordPartAsync(claimed.Id, "other-worker", 0, uncertain: false, "thread-1", null, default));
        Assert.True(await Log.BeginPartAsync(claimed.Id, "other-worker", 1, MondayNineBrussels, default));
        Assert.InRange((await Log.GetAsync(claimed.Id, default))!.PartInFlightFor!.Value, TimeSpan.Zero, Slack);

        _h.Restart(newPublishers: true);
        _h.Parted.IdempotencyWindow = TimeSpan.FromSeconds(windowSeconds);
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease);

        var run = await RunAsync();
        if (reposted)
        {
            Assert.Equal([(1, $"digest-run:{claimed.Id}:part:1"), (2, $"digest-run:{claimed.Id}:part:2")], _h.Parted.Keys);
            Assert.Equal(DeliveryOutcome.Delivered, run.Outcome);
            Assert.Contains(run.History, h => h.Contains("posted again under the same key", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal([(2, $"digest-run:{claimed.Id}:part:2")], _h.Parted.Keys);
            Assert.Equal(DeliveryOutcome.Uncertain, run.Outcome);
            Assert.Contains(run.History, h => h.Contains("ended while part 2 was being posted", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_part_posted_again_keeps_the_time_it_first_went_out()
    {
        var claimed = (await Log.TryClaimAsync(Channel, MondayNineBrussels, MondayNineBrussels, default))!;
        await _h.AdvanceToAsync(MondayNineBrussels);
        Assert.True(await Log.TryLeaseAsync(claimed.Id, "w", TimeSpan.FromMinutes(10), default));
        Assert.True(await Log.BeginPartAsync(claimed.Id, "w", 0, MondayNineBrussels, default));
        await _h.AdvanceAsync(TimeSpan.FromMinutes(1));

        // Ages by the store's clock (the server's on PostgreSQL, where real time passes too).
        Assert.True(await Log.BeginPartAsync(claimed.Id, "w", 0, MondayNineBrussels, default));
        Assert.InRange((await Log.GetAsync(claimed.Id, default))!.PartInFlightFor!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1) + Slack);

        Assert.True(await Log.BeginPartAsync(claimed.Id, "w", 1, MondayNineBrussels, default));
        Assert.InRange((await Log.GetAsync(claimed.Id, default))!.PartInFlightFor!.Value, TimeSpan.Zero, Slack);
        Assert.True(await Log.BeginPartAsync(claimed.Id, "w", null, MondayNineBrussels, default));
        Assert.Null((await Log.GetAsync(claimed.Id, default))!.PartInFlightFor);
    }

    [Fact]
    public async Task A_publish_timeout_while_a_part_is_on_the_wire_is_not_a_blind_repost()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.HangAt = 1;
        _h.Time.SetUtcNow(MondayNineBrussels);
        // Within one claim: a single jump of the fake clock past a claim would be a pause, not a slow post.
        _h.Options.PublishTimeout = _h.Options.ClaimLease - TimeSpan.FromSeconds(5);

        var pass = _h.PassAsync();
        await _h.Parted.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _h.Time.Advance(_h.Options.PublishTimeout);
        await pass;

        var timedOut = await RunAsync();
        Assert.Equal((DeliveryOutcome.Pending, 2), (timedOut.Outcome, timedOut.PartsDone));
        Assert.Contains("took longer than", timedOut.Reason);

        await _h.PassAtAsync(_h.Time.GetUtcNow() + _h.Options.RetryDelay);

        Assert.Equal([0, 1, 2], _h.Parted.Arrived.Select(a => a.Part));
        var run = await RunAsync();
        Assert.Equal((DeliveryOutcome.Uncertain, 2), (run.Outcome, run.Attempts));
    }

    [Fact]
    public async Task A_run_held_by_a_crashed_worker_posts_nothing_once_a_later_run_covered_the_channel()
    {
        var discord = new ChannelKey("discord", "chan-1");
        var nine = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        _h.Options.ClaimLease = TimeSpan.FromMinutes(3);
        await _h.Service.SubscribeAsync(discord, "0 9 * * *", "UTC", false, default);
        await _h.PassAtAsync(nine.AddMinutes(-1));
        // The schedule moved to 09:01 while the 09:00 run is held by a worker that crashed mid-post;
        // its lease outlives the next run.
        await _h.Service.SubscribeAsync(discord, "1 9 * * *", "UTC", false, default);
        var held = (await Log.TryClaimAsync(discord, nine, nine, default))!;
        await _h.AdvanceToAsync(nine);
        Assert.True(await Log.TryLeaseAsync(held.Id, "other-worker", _h.Options.Lease, default));

        _h.Restart(newPublishers: true);
        for (var t = nine.AddMinutes(1); t <= nine + _h.Options.Lease + TimeSpan.FromMinutes(2); t += TimeSpan.FromMinutes(1))
        {
            await _h.PassAtAsync(t);
        }

        var runs = await _h.RunsAsync(discord);
        var crashed = runs.Single(r => r.Id == held.Id);
        Assert.Equal(DeliveryOutcome.Missed, crashed.Outcome);
        Assert.Contains("Covered by a later digest", crashed.Reason);
        // Every post covered a later window than the one before: nothing out of order.
        var sinces = _h.Discord.Posts.Select(p => p.Digest.Since).ToList();
        Assert.NotEmpty(sinces);
        Assert.Equal(sinces.Order(), sinces);
        Assert.Equal(sinces.Count, sinces.Distinct().Count());
        Assert.Equal(runs.Count(r => r.Outcome == DeliveryOutcome.Delivered), _h.Discord.Posts.Count);
    }

    [Fact]
    public async Task Every_attempt_of_a_run_that_was_retried_stays_visible()
    {
        await _h.Service.SubscribeAsync(Channel, null, null, false, default);
        _h.Parted.RefuseOnce = (0, new DeliveryFailedException("Teams answered 429; asked to wait 120 s", permanent: false) { RetryAfter = TimeSpan.FromMinutes(2) });

        await _h.PassAtAsync(MondayNineBrussels);
        var waiting = await RunAsync();
        // The platform's Retry-After (2 min) wins over the shorter first backoff (1 min).
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.RetryDelay);
        Assert.Single(_h.Parted.StartedAt);
        await _h.PassAtAsync(MondayNineBrussels + TimeSpan.FromMinutes(2));

        var run = await RunAsync();
        Assert.Equal((DeliveryOutcome.Delivered, 2), (run.Outcome, run.Attempts));
        Assert.Equal("Attempt 1 failed: Teams answered 429; asked to wait 120 s Retrying at 2026-03-02 08:02 UTC.", Assert.Single(run.History));
        Assert.Equal(DeliveryOutcome.Pending, waiting.Outcome);
    }
}
