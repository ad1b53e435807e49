using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Sources;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Digests;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>
/// PostgreSQL ends every session of the workers in the middle of their work (a restart or a
/// failover does this to every pooled connection; here <c>pg_terminate_backend</c> on the test's
/// own database): each store operation runs again on a fresh connection, claims still go to one
/// worker each, and a digest on its way out is posted and recorded once.
/// </summary>
public sealed class StoreReconnectTests
{
    private static readonly ChannelKey Channel = new("teams", "reconnect");
    private static readonly TimeSpan Claim = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Every_kind_of_store_work_carries_on_once_after_the_server_ended_every_session()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        var store = stores.Open(_time);
        IDeliveryLog log = store;
        IInbox inbox = store;
        ISourceStateStore sources = store;
        var now = _time.GetUtcNow();
        var run = (await log.TryClaimAsync(Channel, now, now, default))!;
        Assert.True(await log.TryLeaseAsync(run.Id, "w", Claim, default));
        Assert.True(await inbox.TryAddAsync("teams", "activity-1", "conv", "{}", default));
        var item = Assert.Single(await inbox.LeaseAsync("teams", "w", 4, Claim, default));
        Assert.True(await sources.TryClaimFetchAsync("news", "w", Claim, now, dueOnly: true, default));

        Assert.True(await stores.EndAllSessionsAsync() > 0);

        // Each first statement meets a dead session; it runs again on a new one, exactly once.
        Assert.True(await log.AppendHistoryAsync(run.Id, "w", "one line", default));
        Assert.True(await log.RecordPartAsync(run.Id, "w", 0, uncertain: true, null, "maybe", default));
        Assert.True(await inbox.DeferAsync(item.Id, "w", "throttled", TimeSpan.FromMinutes(1), default));
        Assert.True(await sources.CompleteFetchAsync(SourceState.New("news") with { LastReason = "fetched" }, "w", default));
        Assert.False(await inbox.TryAddAsync("teams", "activity-1", "conv", "{}", default));

        var recorded = (await log.GetAsync(run.Id, default))!;
        Assert.Equal(["one line", "maybe"], recorded.History);
        Assert.Equal((1, 1), (recorded.UncertainParts, recorded.PartsDone));
        Assert.Equal("fetched", Assert.Single(await sources.ListStatesAsync(default)).LastReason);
        Assert.Empty(await inbox.LeaseAsync("teams", "w", 4, Claim, default));
    }

    [Fact]
    public async Task Workers_racing_for_claims_while_their_sessions_are_ended_still_get_one_each()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        var workers = Enumerable.Range(0, 4).Select(_ => stores.Open(_time)).ToList();
        foreach (var worker in workers)
        {
            await worker.InitializeStoreAsync(default);
        }
        var now = _time.GetUtcNow();
        var runs = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            runs.Add((await ((IDeliveryLog)workers[0]).TryClaimAsync(new ChannelKey("teams", $"c{i}"), now, now, default))!.Id);
        }

        // Every session is ended a few times while the workers race (not so often that a loaded
        // machine cannot open a connection between two cuts: that would be an outage, not a restart).
        var cutting = Task.Run(async () =>
        {
            var ended = 0;
            for (var cut = 0; cut < 6; cut++)
            {
                ended += await stores.EndAllSessionsAsync();
                await Task.Delay(100);
            }
            return ended;
        });
        var winners = new ConcurrentDictionary<long, ConcurrentBag<string>>();
        await Task.WhenAll(workers.Select((worker, index) => Task.Run(async () =>
        {
            foreach (var runId in runs.OrderBy(r => (r * (index + 3)) % 7))
            {
                if (await ((IDeliveryLog)worker).TryLeaseAsync(runId, $"worker-{index}", Claim, default))
                {
                    winners.GetOrAdd(runId, _ => []).Add($"worker-{index}");
                }
            }
        })));
        Assert.True(await cutting > 0);

        // No run was ever won twice, and each win is the holder the database recorded.
        Assert.All(winners.Values, w => Assert.Single(w));
        foreach (var (runId, holders) in winners)
        {
            var holder = Assert.Single(holders);
            Assert.True(await ((IDeliveryLog)workers[0]).RenewLeaseAsync(runId, holder, Claim, default));
        }
        // A session ended mid-statement rolls the statement back and it runs again: every run has its one winner.
        Assert.Equal(runs.Count, winners.Count);
    }

    [Fact]
    public async Task A_digest_being_posted_when_the_server_ends_every_session_is_posted_and_recorded_once()
    {
        var monday = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        using var h = await DigestHarness.CreateAsync(TestStores.Postgres, monday.AddDays(-1));
        await h.Service.SubscribeAsync(Channel, null, null, false, default);
        h.Teams.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pass = h.PassAtAsync(monday);
        await h.Teams.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The post is on its way when every session ends; recording its success meets a dead
        // connection, which must not turn a delivered digest into a failed attempt that a retry reposts.
        Assert.True(await h.Stores.EndAllSessionsAsync() > 0);
        h.Teams.Gate.SetResult();
        await pass.WaitAsync(TimeSpan.FromSeconds(60));
        for (var hour = 1; hour <= 3; hour++)
        {
            await h.PassAtAsync(monday.AddHours(hour));
        }

        Assert.Equal(1, h.Teams.PostsTo(Channel));
        var run = Assert.Single(await h.RunsAsync(Channel));
        Assert.Equal((DeliveryOutcome.Delivered, 1), (run.Outcome, run.Attempts));
        Assert.Empty(run.History);
    }
}
