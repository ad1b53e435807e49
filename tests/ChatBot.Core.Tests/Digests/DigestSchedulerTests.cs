using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Fakes;

namespace ChatBot.Core.Tests.Digests;

/// <summary>Runs once over SQLite and once over PostgreSQL (see the two subclasses at the end).</summary>
public abstract class DigestSchedulerTests(string provider) : IAsyncLifetime
{
    // Sunday 1 March 2026, 12:00 UTC; Brussels is on CET (UTC+1) until 29 March.
    private static readonly DateTimeOffset Sunday = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayNineBrussels = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly ChannelKey DiscordChannel = new("discord", "chan-1");
    private static readonly ChannelKey TeamsChannel = new("teams", "19:abc@thread.tacv2");

    private DigestHarness _h = null!;

    public async Task InitializeAsync() => _h = await NewHarnessAsync(Sunday);

    public Task DisposeAsync()
    {
        _h.Dispose();
        return Task.CompletedTask;
    }

    private Task<DigestHarness> NewHarnessAsync(DateTimeOffset start) => DigestHarness.CreateAsync(provider, start);

    [Fact]
    public async Task The_default_subscription_posts_once_on_monday_at_nine_in_brussels()
    {
        var subscription = await _h.Service.SubscribeAsync(DiscordChannel, null, null, backfill: false, default);
        Assert.Equal(("0 9 * * MON", "Europe/Brussels"), (subscription.Cron, subscription.TimeZone));

        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(-1));
        Assert.Equal(0, _h.Discord.PostsTo(DiscordChannel));

        await _h.PassAtAsync(MondayNineBrussels);
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(1));
        await _h.PassAtAsync(MondayNineBrussels.AddHours(5));

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.Delivered, run.Outcome);
        Assert.Equal(MondayNineBrussels, run.ScheduledFor);
        var composed = Assert.Single(((FakeDigestComposer)_h.Composer).Calls);
        Assert.Equal(Sunday, composed.Since);
    }

    [Fact]
    public async Task The_scheduler_reports_when_its_next_work_is_due()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);

        var next = await _h.PassAsync();

        Assert.Equal(MondayNineBrussels, next);
    }

    [Fact]
    public async Task Daily_runs_follow_local_time_across_both_dst_changes()
    {
        using var harness = await NewHarnessAsync(new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero));
        await harness.Service.SubscribeAsync(DiscordChannel, "0 9 * * *", "Europe/Brussels", false, default);
        await StepHourlyAsync(harness, until: new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero));

        // Brussels moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
        Assert.Equal(
            [Utc(3, 27, 8), Utc(3, 28, 8), Utc(3, 29, 7), Utc(3, 30, 7)],
            (await harness.RunsAsync(DiscordChannel)).Select(r => r.ScheduledFor).Order());

        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 23, 0, 0, 0, TimeSpan.Zero));
        await harness.Service.SubscribeAsync(DiscordChannel, "0 9 * * *", "Europe/Brussels", false, default);
        await StepHourlyAsync(harness, until: new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero));

        // And back to UTC+1 on Sunday 25 October 2026.
        var autumn = (await harness.RunsAsync(DiscordChannel)).Select(r => r.ScheduledFor).Where(t => t.Month == 10).Order();
        Assert.Equal([Utc(10, 23, 7), Utc(10, 24, 7), Utc(10, 25, 8), Utc(10, 26, 8)], autumn);
        Assert.Equal(8, harness.Discord.PostsTo(DiscordChannel));
    }

    [Fact]
    public async Task A_run_at_a_skipped_or_repeated_local_hour_happens_exactly_once_that_day()
    {
        using var harness = await NewHarnessAsync(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        await harness.Service.SubscribeAsync(DiscordChannel, "30 2 * * *", "Europe/Brussels", false, default);
        await StepHourlyAsync(harness, until: new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero));
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        await harness.Service.SubscribeAsync(DiscordChannel, "30 2 * * *", "Europe/Brussels", false, default);
        await StepHourlyAsync(harness, until: new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero));

        var runs = (await harness.RunsAsync(DiscordChannel)).Select(r => r.ScheduledFor).Order().ToList();

        // 02:30 does not exist on 29 March (clocks jump 02:00 → 03:00) and exists twice on 25 October.
        Assert.Equal(2, runs.Count);
        Assert.Equal(new DateOnly(2026, 3, 29), DateOnly.FromDateTime(runs[0].UtcDateTime));
        Assert.Equal(new DateOnly(2026, 10, 25), DateOnly.FromDateTime(runs[1].UtcDateTime));
        Assert.Equal(2, harness.Discord.PostsTo(DiscordChannel));
    }

    [Fact]
    public async Task Each_subscription_keeps_its_own_time_zone()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, "0 9 * * MON", "Asia/Seoul", false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, "0 9 * * MON", "America/New_York", false, default);

        await StepHourlyAsync(_h, until: new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Assert.Single(await _h.RunsAsync(DiscordChannel)).ScheduledFor);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero), Assert.Single(await _h.RunsAsync(TeamsChannel)).ScheduledFor);
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_post_resumes_that_run_once_after_restart()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        _h.Time.SetUtcNow(MondayNineBrussels);
        _h.Discord.Gate = new TaskCompletionSource();
        using var stopping = new CancellationTokenSource();

        var pass = _h.PassAsync(stopping.Token);
        await _h.Discord.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
        Assert.Equal(DeliveryOutcome.Pending, Assert.Single(await _h.RunsAsync(DiscordChannel)).Outcome);

        _h.Restart(newPublishers: true);
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(1));
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(2));

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.Delivered, run.Outcome);
        Assert.Equal(MondayNineBrussels, run.ScheduledFor);
    }

    [Fact]
    public async Task A_run_held_by_a_crashed_worker_is_resumed_once_its_lease_expires_and_never_twice()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        // The crashed process had claimed and leased the run but never advanced its schedule mark.
        IDeliveryLog log = _h.Store;
        var claimed = (await log.TryClaimAsync(DiscordChannel, MondayNineBrussels, MondayNineBrussels, default))!;
        await _h.AdvanceToAsync(MondayNineBrussels);
        Assert.True(await log.TryLeaseAsync(claimed.Id, "other-worker", _h.Options.Lease, default));

        _h.Restart(newPublishers: true);
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease / 2);
        Assert.Equal(0, _h.Discord.PostsTo(DiscordChannel));

        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease);
        await _h.PassAtAsync(MondayNineBrussels + _h.Options.Lease + TimeSpan.FromMinutes(5));

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal((claimed.Id, DeliveryOutcome.Delivered), (run.Id, run.Outcome));
    }

    [Fact]
    public async Task A_post_that_outlasts_the_claim_keeps_it_by_renewing_so_no_replica_takes_the_run_over()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        _h.Discord.Gate = new TaskCompletionSource();
        _h.Time.SetUtcNow(MondayNineBrussels);
        var pass = _h.PassAsync();
        await _h.Discord.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (replica, _) = _h.Replica();

        // Three claims' worth of time in renewal steps (within the publish timeout): each renewal
        // lands before the replica looks, and the replica never starts the run a second time.
        for (var step = 0; step < 9; step++)
        {
            await _h.AdvanceAsync(_h.Options.ClaimRenewal);
            var now = _h.Time.GetUtcNow();
            await WaitUntilAsync(async () => await ((IDeliveryLog)_h.Store).NextAttemptAsync(now, default) > now + _h.Options.ClaimLease - _h.Options.ClaimRenewal);
            await replica.RunDueAsync(now, default);
        }
        Assert.Equal(1, _h.Discord.Attempts);

        _h.Discord.Gate.SetResult();
        await pass.WaitAsync(TimeSpan.FromSeconds(30));
        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal((DeliveryOutcome.Delivered, 1), (run.Outcome, _h.Discord.PostsTo(DiscordChannel)));
    }

    [Fact]
    public async Task Two_replicas_passing_at_the_same_moment_post_each_run_once()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, false, default);
        var (replica, replicaStore) = _h.Replica();
        using var _ = replicaStore;
        using var __ = replica;
        _h.Time.SetUtcNow(MondayNineBrussels);

        for (var i = 0; i < 5; i++)
        {
            await Task.WhenAll(
                Task.Run(() => _h.Scheduler.RunDueAsync(_h.Time.GetUtcNow(), default)),
                Task.Run(() => replica.RunDueAsync(_h.Time.GetUtcNow(), default)));
            _h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        Assert.Equal(1, _h.Teams.PostsTo(TeamsChannel));
        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(await _h.RunsAsync(DiscordChannel)).Outcome);
    }

    [Fact]
    public async Task A_run_missed_while_down_is_posted_late_once_within_the_grace_period()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);

        _h.Restart(newPublishers: true);
        await _h.PassAtAsync(MondayNineBrussels.AddHours(3));
        await _h.PassAtAsync(MondayNineBrussels.AddHours(4));

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        Assert.Equal(MondayNineBrussels, Assert.Single(await _h.RunsAsync(DiscordChannel)).ScheduledFor);
    }

    [Fact]
    public async Task A_run_missed_beyond_the_grace_period_is_recorded_and_its_changes_roll_into_the_next_digest()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);

        await _h.PassAtAsync(MondayNineBrussels.AddDays(2));
        Assert.Equal(0, _h.Discord.PostsTo(DiscordChannel));
        var missed = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.Missed, missed.Outcome);
        Assert.Equal(MondayNineBrussels, missed.ScheduledFor);
        Assert.Contains("next digest", missed.Reason);

        await _h.PassAtAsync(MondayNineBrussels.AddDays(7));

        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        var composed = Assert.Single(((FakeDigestComposer)_h.Composer).Calls);
        Assert.Equal(Sunday, composed.Since);
        Assert.Equal(MondayNineBrussels.AddDays(7), composed.Until);
    }

    [Fact]
    public async Task Long_downtime_is_one_readable_missed_entry_not_hundreds()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, "0 * * * *", "UTC", false, default);

        await _h.PassAtAsync(Sunday.AddDays(30));

        var runs = await _h.RunsAsync(DiscordChannel);
        var gap = Assert.Single(runs, r => r.Reason.StartsWith("Missed 713 runs", StringComparison.Ordinal));
        Assert.Equal(DeliveryOutcome.Missed, gap.Outcome);
        // The seven runs still within the six-hour grace become one post; the older six say where their changes went.
        var delivered = Assert.Single(runs, r => r.Outcome == DeliveryOutcome.Delivered);
        Assert.Equal(Sunday.AddDays(30), delivered.ScheduledFor);
        Assert.Equal(6, runs.Count(r => r.Reason.StartsWith("Covered by the run for", StringComparison.Ordinal)));
        Assert.Equal(8, runs.Count);
        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
    }

    [Fact]
    public async Task A_failing_channel_is_retried_with_backoff_without_holding_up_another()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, false, default);
        _h.Discord.Fail = _ => new DeliveryFailedException("Discord answered 503 Service Unavailable.", permanent: false);

        await _h.PassAtAsync(MondayNineBrussels);

        Assert.Equal(1, _h.Teams.PostsTo(TeamsChannel));
        var first = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal((DeliveryOutcome.Pending, 1), (first.Outcome, first.Attempts));
        Assert.Contains("503", first.Reason);

        // Backoff doubles: 1, 2, 4 minutes. Nothing is attempted before it is due.
        await _h.PassAtAsync(MondayNineBrussels.AddSeconds(59));
        Assert.Equal(1, Assert.Single(await _h.RunsAsync(DiscordChannel)).Attempts);
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(1));
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(3));
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(7));

        var failed = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal((DeliveryOutcome.Failed, _h.Options.MaxAttempts), (failed.Outcome, failed.Attempts));
        Assert.Contains("503", failed.Reason);
        Assert.Equal(1, _h.Teams.PostsTo(TeamsChannel));
        Assert.False((await _h.Service.StatusAsync(DiscordChannel, default)).Subscription!.Paused);
    }

    [Fact]
    public async Task A_hanging_channel_times_out_while_the_others_are_posted()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, false, default);
        _h.Discord.Gate = new TaskCompletionSource();
        _h.Time.SetUtcNow(MondayNineBrussels);
        // Within one claim: a single jump of the fake clock past a claim would be a pause, not a slow post.
        _h.Options.PublishTimeout = _h.Options.ClaimLease - TimeSpan.FromSeconds(5);

        var pass = _h.PassAsync();
        await _h.Discord.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => _h.Teams.PostsTo(TeamsChannel) == 1);
        Assert.False(pass.IsCompleted);

        _h.Time.Advance(_h.Options.PublishTimeout);
        await pass.WaitAsync(TimeSpan.FromSeconds(30));

        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.Pending, run.Outcome);
        Assert.Contains("longer than", run.Reason);
    }

    [Fact]
    public async Task The_hosted_loop_keeps_planning_while_a_post_hangs_and_never_starts_it_twice()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, "* * * * *", "UTC", false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, "* * * * *", "UTC", false, default);
        _h.Discord.Gate = new TaskCompletionSource();
        var first = Sunday.AddMinutes(1);
        _h.Time.SetUtcNow(first);

        await _h.Scheduler.PassAsync(first, waitForAttempts: false, default);
        await _h.Discord.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => _h.Teams.PostsTo(TeamsChannel) == 1);

        // A minute later Discord is still stuck on its first post (within its timeout): Teams gets
        // its next digest anyway, and Discord's post is not started a second time.
        await _h.AdvanceRenewingAsync(TimeSpan.FromMinutes(1));
        // Passes until Teams' second run went out (its first attempt may still be closing when the
        // first of them comes); none of them starts the Discord post again.
        await WaitUntilAsync(async () =>
        {
            await _h.Scheduler.PassAsync(first.AddMinutes(1), waitForAttempts: false, default);
            return _h.Teams.PostsTo(TeamsChannel) == 2;
        });
        Assert.Equal(1, _h.Discord.Attempts);

        _h.Discord.Gate.SetResult();
        await WaitUntilAsync(async () => (await _h.RunsAsync(DiscordChannel)).Any(r => r.Outcome == DeliveryOutcome.Delivered));
        Assert.Equal((1, 1), (_h.Discord.Attempts, _h.Discord.PostsTo(DiscordChannel)));
    }

    [Fact]
    public async Task Repeatedly_failing_runs_pause_the_subscription_and_say_why()
    {
        _h.Options.MaxAttempts = 1;
        _h.Options.PauseAfterFailures = 2;
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, false, default);
        _h.Discord.Fail = _ => new DeliveryFailedException("Missing Access", permanent: false);

        await _h.PassAtAsync(MondayNineBrussels);
        await _h.PassAtAsync(MondayNineBrussels.AddDays(7));
        await _h.PassAtAsync(MondayNineBrussels.AddDays(14));

        var status = await _h.Service.StatusAsync(DiscordChannel, default);
        Assert.True(status.Subscription!.Paused);
        Assert.Null(status.NextRun);
        Assert.Equal(
            [DeliveryOutcome.Paused, DeliveryOutcome.Failed, DeliveryOutcome.Failed],
            status.RecentRuns.Select(r => r.Outcome));
        Assert.Contains("2 failed runs in a row", status.RecentRuns[0].Reason);
        Assert.Contains("Missing Access", status.RecentRuns[0].Reason);
        Assert.Equal(3, _h.Teams.PostsTo(TeamsChannel));

        // Subscribing again resumes.
        _h.Discord.Fail = _ => null;
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        await _h.PassAtAsync(MondayNineBrussels.AddDays(21));
        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
    }

    [Fact]
    public async Task A_channel_that_is_gone_is_paused_at_once()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        _h.Discord.Fail = _ => new DeliveryFailedException("Unknown Channel (the channel was deleted).", permanent: true);

        await _h.PassAtAsync(MondayNineBrussels);

        var status = await _h.Service.StatusAsync(DiscordChannel, default);
        Assert.True(status.Subscription!.Paused);
        var run = Assert.Single(status.RecentRuns);
        Assert.Equal((DeliveryOutcome.Failed, 1), (run.Outcome, run.Attempts));
        Assert.Contains("retrying cannot help", run.Reason);
        Assert.Contains("Unknown Channel", run.Reason);
    }

    [Fact]
    public async Task A_channel_on_a_platform_without_an_adapter_fails_with_that_reason()
    {
        _h.Options.MaxAttempts = 1;
        var web = new ChannelKey("web", "local");
        await _h.Service.SubscribeAsync(web, null, null, false, default);

        await _h.PassAtAsync(MondayNineBrussels);

        var run = Assert.Single(await _h.RunsAsync(web));
        Assert.Equal(DeliveryOutcome.Failed, run.Outcome);
        Assert.Contains("No adapter for platform \"web\"", run.Reason);
    }

    [Fact]
    public async Task Empty_periods_are_skipped_or_noted_as_each_subscription_chose()
    {
        _h.Restart(new FakeDigestComposer { Empty = true });
        IDigestService service = _h.Service;
        await service.SubscribeAsync(DiscordChannel, null, null, false, postWhenEmpty: false, default);
        await service.SubscribeAsync(TeamsChannel, null, null, false, postWhenEmpty: true, default);

        await _h.PassAtAsync(MondayNineBrussels);

        Assert.Equal(0, _h.Discord.PostsTo(DiscordChannel));
        var skipped = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.SkippedEmpty, skipped.Outcome);
        Assert.Contains("Nothing new", skipped.Reason);
        Assert.Equal(1, _h.Teams.PostsTo(TeamsChannel));
        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(await _h.RunsAsync(TeamsChannel)).Outcome);
    }

    [Fact]
    public async Task A_new_subscription_covers_only_later_changes_unless_it_asks_for_a_backfill()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, backfill: false, default);
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, backfill: true, default);

        await _h.PassAtAsync(MondayNineBrussels);

        var sinces = ((FakeDigestComposer)_h.Composer).Calls.Select(c => c.Since).Order().ToList();
        Assert.Equal([DateTimeOffset.MinValue, Sunday], sinces);
    }

    [Fact]
    public async Task A_run_whose_channel_unsubscribed_meanwhile_is_closed_with_that_reason()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        _h.Discord.Fail = _ => new DeliveryFailedException("503", permanent: false);
        await _h.PassAtAsync(MondayNineBrussels);

        Assert.True(await _h.Service.UnsubscribeAsync(DiscordChannel, default));
        _h.Discord.Fail = _ => null;
        await _h.PassAtAsync(MondayNineBrussels.AddMinutes(5));

        Assert.Equal(0, _h.Discord.PostsTo(DiscordChannel));
        var run = Assert.Single(await _h.RunsAsync(DiscordChannel));
        Assert.Equal(DeliveryOutcome.Missed, run.Outcome);
        Assert.Contains("unsubscribed", run.Reason);
        Assert.False(await _h.Service.UnsubscribeAsync(DiscordChannel, default));
    }

    [Fact]
    public async Task Post_now_delivers_immediately_and_advances_what_the_next_digest_covers()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, null, null, false, default);
        _h.Time.SetUtcNow(Sunday.AddHours(3));

        var record = await _h.Service.PostNowAsync(DiscordChannel, default);

        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);
        Assert.Equal(1, _h.Discord.PostsTo(DiscordChannel));
        await _h.PassAtAsync(MondayNineBrussels);
        var calls = ((FakeDigestComposer)_h.Composer).Calls;
        Assert.Equal([Sunday, Sunday.AddHours(3)], calls.Select(c => c.Since));
    }

    [Fact]
    public async Task Post_now_in_a_channel_without_subscription_covers_the_last_week_and_reports_failures()
    {
        var record = await _h.Service.PostNowAsync(TeamsChannel, default);
        Assert.Equal(DeliveryOutcome.Delivered, record.Outcome);
        Assert.Equal(Sunday.AddDays(-7), Assert.Single(((FakeDigestComposer)_h.Composer).Calls).Since);

        _h.Teams.Fail = _ => new DeliveryFailedException("The bot was removed from the team.", permanent: true);
        var failed = await _h.Service.PostNowAsync(TeamsChannel, default);
        Assert.Equal(DeliveryOutcome.Failed, failed.Outcome);
        Assert.Contains("removed from the team", failed.Reason);
        Assert.Equal(2, (await _h.Service.StatusAsync(TeamsChannel, default)).RecentRuns.Count);
    }

    [Theory]
    [InlineData("0 9 * *", null, "has 4 field(s)")]
    [InlineData("0 9 * * * *", null, "has 6 field(s)")]
    [InlineData("0 25 * * MON", null, "not a valid cron")]
    [InlineData(null, "Europe/Atlantis", "Unknown time zone \"Europe/Atlantis\"")]
    public async Task Invalid_schedules_are_refused_with_a_message_that_says_why(string? cron, string? zone, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.SubscribeAsync(DiscordChannel, cron, zone, false, default));

        Assert.Contains(expected, error.Message);
        Assert.Empty(await _h.Service.ListAsync(default));
    }

    [Fact]
    public async Task Subscriptions_are_listed_with_their_schedule()
    {
        await _h.Service.SubscribeAsync(DiscordChannel, "  0   18 * * FRI ", "Asia/Seoul", false, default);

        var listed = Assert.Single(await _h.Service.ListAsync(default));

        Assert.Equal((DiscordChannel, "0 18 * * FRI", "Asia/Seoul"), (listed.Channel, listed.Cron, listed.TimeZone));
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.Zero), (await _h.Service.StatusAsync(DiscordChannel, default)).NextRun);
    }

    [Fact]
    public async Task A_stored_schedule_this_host_cannot_read_pauses_that_channel_only_and_says_why()
    {
        await _h.Service.SubscribeAsync(TeamsChannel, null, null, false, default);
        // E.g. written by a host whose time-zone database knew a zone this one lacks.
        await ((ISubscriptionStore)_h.Store).SaveAsync(
            new Subscription(DiscordChannel, "0 9 * * MON", "Europe/Atlantis", true, Sunday, Sunday, false), Sunday, default);

        await _h.PassAtAsync(MondayNineBrussels);

        var status = await _h.Service.StatusAsync(DiscordChannel, default);
        Assert.True(status.Subscription!.Paused);
        Assert.Equal(1, _h.Teams.PostsTo(TeamsChannel));
        await _h.PassAtAsync(MondayNineBrussels.AddDays(7));
        Assert.Equal(2, _h.Teams.PostsTo(TeamsChannel));
        var paused = Assert.Single((await _h.Service.StatusAsync(DiscordChannel, default)).RecentRuns);
        Assert.Equal(DeliveryOutcome.Paused, paused.Outcome);
        Assert.Contains("Europe/Atlantis", paused.Reason);
    }

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static async Task StepHourlyAsync(DigestHarness harness, DateTimeOffset until)
    {
        for (var t = harness.Time.GetUtcNow(); t <= until; t = t.AddHours(1))
        {
            await harness.PassAtAsync(t);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // As below: bounded only as a safety net.
        for (var i = 0; i < 3000 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(await condition());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits on real work finishing on another thread, not on time passing: bounded only as a safety net.
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }
}
