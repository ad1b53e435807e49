using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Digests;
using ChatBot.Testing.Postgres;
using ChatBot.Testing.Storage;

namespace ChatBot.Core.Tests.Storage;

/// <summary>
/// The PostgreSQL server itself goes down and comes back (<c>pg_ctl stop</c> and <c>start</c> on
/// a throwaway cluster of this class's own, so no other test's server is touched) while two
/// workers claim and write: a crash (<c>-m immediate</c>) in the middle of digest posts and their
/// records, and a clean restart while Teams activities are being accepted. Nothing is lost or
/// doubled, and the workers carry on by themselves once the server is back. Timing is left to
/// the machine: waits are generous and nothing asserts how long anything took.
/// </summary>
public sealed class StoreRestartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Sunday = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayNine = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private PostgresServer _server = null!;

    // A crash must not take back a commit the workers were told of (PostgreSQL's default).
    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync(CancellationToken.None, durableCommits: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Digests_being_posted_and_recorded_when_the_server_crashes_are_posted_once_each_and_the_workers_recover()
    {
        var stores = await TestStores.CreateAsync(_server);
        // A claim long enough that the restart cannot outlast it on a loaded machine: what is
        // tested is the restart, not a lost claim (ClaimFencingTests).
        using var harness = DigestHarness.Over(stores, Sunday, new DigestOptions { ClaimLease = TimeSpan.FromMinutes(2) });
        var channels = Enumerable.Range(0, 12).Select(i => new ChannelKey("discord", $"restart-{i}")).ToList();
        foreach (var channel in channels)
        {
            await harness.Service.SubscribeAsync(channel, "0 9 * * *", "UTC", backfill: false, default);
        }
        var (replica, _) = harness.Replica();
        await harness.AdvanceToAsync(MondayNine);

        // Both workers claim Monday's runs and hold every post at the platform...
        harness.Discord.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passes = new[] { PassAsync(harness.Scheduler, MondayNine), PassAsync(replica, MondayNine) };
        await WaitForAsync(() => harness.Discord.Attempts >= channels.Count, "every channel's post to be under way");

        // ...then the posts go out and their records are written as the server crashes.
        harness.Discord.Gate.SetResult();
        await _server.StopAsync(crash: true);
        await _server.StartAgainAsync();
        await Task.WhenAll(passes);

        // A run whose records did not reach the server is resumed by a later pass once its claim
        // runs out (the scheduler's own loop does this); nothing is posted again.
        for (var round = 0; round < 5 && (await PendingAsync(harness, channels)) > 0; round++)
        {
            await harness.AdvanceAsync(harness.Options.ClaimLease + TimeSpan.FromSeconds(1));
            await Task.WhenAll(PassAsync(harness.Scheduler, harness.Time.GetUtcNow()), PassAsync(replica, harness.Time.GetUtcNow()));
        }
        foreach (var channel in channels)
        {
            var run = Assert.Single(await harness.RunsAsync(channel));
            Assert.True(harness.Discord.PostsTo(channel) == 1, $"{channel.ChannelId}: posted {harness.Discord.PostsTo(channel)} time(s); run {run.Outcome}: {run.Reason} [{string.Join(" | ", run.History)}]");
            // Delivered, or (when the crash took the record of a post that did go out) Uncertain:
            // never pending, failed or posted twice.
            Assert.Contains(run.Outcome, new[] { DeliveryOutcome.Delivered, DeliveryOutcome.Uncertain });
            Assert.Equal(MondayNine, run.ScheduledFor);
        }

        // The workers carry on by themselves: Tuesday's digests go out once each, as usual.
        var tuesday = MondayNine.AddDays(1);
        await harness.AdvanceToAsync(tuesday);
        await Task.WhenAll(PassAsync(harness.Scheduler, tuesday), PassAsync(replica, tuesday));
        foreach (var channel in channels)
        {
            Assert.Equal(2, harness.Discord.PostsTo(channel));
            var runs = await harness.RunsAsync(channel);
            Assert.Equal(DeliveryOutcome.Delivered, runs.Single(r => r.ScheduledFor == tuesday).Outcome);
            Assert.Equal(tuesday, (await ((ISubscriptionStore)harness.Store).GetAsync(channel, default))!.Subscription.CoveredUntil);
        }
    }

    [Fact]
    public async Task Teams_activities_accepted_and_answered_across_a_server_restart_are_each_kept_once()
    {
        await using var stores = await TestStores.CreateAsync(_server);
        IInbox first = stores.Open(TimeProvider.System), second = stores.Open(TimeProvider.System);
        var keys = Enumerable.Range(0, 40).Select(i => $"activity-{i}").ToList();

        // Every activity is delivered to both workers (a retry through a load balancer), each
        // delivery retried until the store answers, as Teams retries a request that failed; the
        // server restarts in the middle.
        var accepted = new ConcurrentBag<string>();
        async Task DeliverAsync(IInbox inbox, string key)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (await inbox.TryAddAsync("teams", key, $"conversation-{key}", "{}", default))
                    {
                        accepted.Add(key);
                    }
                    return;
                }
                catch (Exception) when (attempt < 100)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }
            }
        }
        var deliveries = keys.Select(async (key, i) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25 * i));
            await Task.WhenAll(DeliverAsync(first, key), DeliverAsync(second, key));
        }).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await _server.StopAsync(crash: false);
        await _server.StartAgainAsync();
        await Task.WhenAll(deliveries);

        // At most one delivery of each was accepted (one may have committed with its answer lost
        // to the restart); each is in the inbox once, and the workers answer each once.
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        var answered = new ConcurrentBag<string>();
        async Task WorkAsync(IInbox inbox, string name)
        {
            for (var pass = 0; pass < 20; pass++)
            {
                var items = await inbox.LeaseAsync("teams", $"{name}/{pass}", 16, TimeSpan.FromMinutes(1), default);
                if (items.Count == 0 && await inbox.CountPendingAsync("teams", default) == 0)
                {
                    return;
                }
                foreach (var item in items)
                {
                    if (await inbox.CompleteAsync(item.Id, $"{name}/{pass}", "done", null, default))
                    {
                        answered.Add(item.Key);
                    }
                }
            }
        }
        await Task.WhenAll(WorkAsync(first, "first"), WorkAsync(second, "second"));
        Assert.Equal(keys.Order(), answered.Order());
    }

    private static async Task PassAsync(DigestScheduler scheduler, DateTimeOffset now)
    {
        try
        {
            await scheduler.RunDueAsync(now, default);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store gave up while the server was down: the scheduler's loop logs it and tries
            // again at its next pass, which the test makes itself.
        }
    }

    private static async Task<int> PendingAsync(DigestHarness harness, IEnumerable<ChannelKey> channels)
    {
        var pending = 0;
        foreach (var channel in channels)
        {
            pending += (await harness.RunsAsync(channel)).Count(r => r.Outcome == DeliveryOutcome.Pending);
        }
        return pending;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
