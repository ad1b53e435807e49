using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>
/// Several store instances on one database, as several workers would be, racing for the same work:
/// each digest run and each inbox item goes to exactly one of them.
/// </summary>
public sealed class StoreConcurrencyTests
{
    private const int Workers = 4;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Racing_workers_claim_each_scheduled_run_exactly_once(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenWorkersAsync(stores);
        var now = _time.GetUtcNow();
        var runs = (from channel in Enumerable.Range(0, 6)
                    from hour in Enumerable.Range(0, 3)
                    select (Channel: new ChannelKey("discord", $"c{channel}"), At: now.AddHours(hour))).ToList();
        var claims = new ConcurrentBag<(ChannelKey, DateTimeOffset)>();

        await Task.WhenAll(workers.Select((worker, index) => Task.Run(async () =>
        {
            foreach (var run in runs.OrderBy(r => (r.Channel.ChannelId.GetHashCode() * (index + 1)) ^ r.At.Hour))
            {
                if (await ((IDeliveryLog)worker).TryClaimAsync(run.Channel, run.At, now, default) is not null)
                {
                    claims.Add(run);
                }
            }
        })));

        Assert.Equal(runs.Count, claims.Count);
        Assert.Equal(runs.OrderBy(r => r.Channel.ChannelId).ThenBy(r => r.At), claims.OrderBy(r => r.Item1.ChannelId).ThenBy(r => r.Item2));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Each_due_run_is_leased_by_one_worker_and_taken_over_when_that_worker_dies(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenWorkersAsync(stores);
        var now = _time.GetUtcNow();
        var lease = TimeSpan.FromMinutes(10);
        for (var i = 0; i < 8; i++)
        {
            await ((IDeliveryLog)workers[0]).TryClaimAsync(new ChannelKey("teams", $"c{i}"), now, now, default);
        }
        var due = await ((IDeliveryLog)workers[0]).DueAsync(now, default);
        Assert.Equal(8, due.Count);

        var holders = new ConcurrentDictionary<long, int>();
        var doubles = 0;
        await Task.WhenAll(workers.Select((worker, index) => Task.Run(async () =>
        {
            foreach (var run in due)
            {
                if (await ((IDeliveryLog)worker).TryLeaseAsync(run.Record.Id, $"worker-{index}", lease, default) && !holders.TryAdd(run.Record.Id, index))
                {
                    Interlocked.Increment(ref doubles);
                }
            }
        })));

        Assert.Equal(0, doubles);
        Assert.Equal(due.Select(d => d.Record.Id).Order(), holders.Keys.Order());
        await ElapseAsync(stores, lease / 2);
        Assert.Empty(await ((IDeliveryLog)workers[1]).DueAsync(_time.GetUtcNow(), default));

        // The holders die without a word: after the lease every run is due again, and one survivor takes each.
        await ElapseAsync(stores, lease / 2 + TimeSpan.FromSeconds(1));
        Assert.Equal(8, (await ((IDeliveryLog)workers[1]).DueAsync(_time.GetUtcNow(), default)).Count);
        var takeovers = await Task.WhenAll(workers.Skip(1).Select((worker, index) => Task.Run(async () =>
        {
            var taken = 0;
            foreach (var run in due)
            {
                taken += await ((IDeliveryLog)worker).TryLeaseAsync(run.Record.Id, $"survivor-{index}", lease, default) ? 1 : 0;
            }
            return taken;
        })));
        Assert.Equal(8, takeovers.Sum());

        // A dead holder that wakes up writes nothing to the runs the survivors took.
        foreach (var (runId, index) in holders)
        {
            Assert.False(await ((IDeliveryLog)workers[index]).CompleteAsync(runId, $"worker-{index}", DeliveryOutcome.Delivered, "late", 1, _time.GetUtcNow(), default));
        }
        Assert.All(await Task.WhenAll(due.Select(d => ((IDeliveryLog)workers[0]).GetAsync(d.Record.Id, default))), r => Assert.Equal(DeliveryOutcome.Pending, r!.Outcome));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Racing_workers_answer_each_inbox_item_once_and_in_order_within_its_conversation(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenWorkersAsync(stores);
        var now = _time.GetUtcNow();
        var items = Enumerable.Range(0, 40).Select(i => (Key: $"a{i:D2}", Conversation: $"conv-{i % 8}")).ToList();

        // Every worker receives every activity (a load balancer's retries): one accepts each.
        var accepted = await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            var count = 0;
            foreach (var item in items)
            {
                count += await ((IInbox)worker).TryAddAsync("teams", item.Key, item.Conversation, "{}", default) ? 1 : 0;
            }
            return count;
        })));
        Assert.Equal(items.Count, accepted.Sum());

        var order = 0;
        var handled = new ConcurrentQueue<(int Order, string Key, string Conversation)>();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            IInbox inbox = worker;
            for (var round = 0; round < 400 && handled.Count < items.Count; round++)
            {
                var holder = $"worker-{round}-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():N}";
                var leased = await inbox.LeaseAsync("teams", holder, 3, TimeSpan.FromMinutes(5), default);
                foreach (var item in leased)
                {
                    handled.Enqueue((Interlocked.Increment(ref order), item.Key, item.Conversation));
                    Assert.True(await inbox.CompleteAsync(item.Id, holder, "done", null, default));
                }
                if (leased.Count == 0)
                {
                    await Task.Yield();
                }
            }
        })));

        Assert.Equal(items.Select(i => i.Key).Order(), handled.Select(h => h.Key).Order());
        foreach (var conversation in items.GroupBy(i => i.Conversation))
        {
            Assert.Equal(conversation.Select(c => c.Key), handled.Where(h => h.Conversation == conversation.Key).OrderBy(h => h.Order).Select(h => h.Key));
        }
        Assert.Null(await ((IInbox)workers[0]).NextDueAsync("teams", now, default));
    }

    private async Task ElapseAsync(TestStores stores, TimeSpan span)
    {
        await stores.ElapseStoreClockAsync(span);
        _time.Advance(span);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Accepts_claims_and_completions_committed_together_still_give_each_caller_its_own_outcome(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenWorkersAsync(stores);
        var now = _time.GetUtcNow();
        // 300 deliveries of 100 activities (each three times, as retries would), all at once on two
        // workers, so the group commit puts many of them, duplicates included, in one transaction.
        var deliveries = Enumerable.Range(0, 300).Select(i => (Key: $"k{i % 100:D3}", Conversation: $"conv-{i % 100 % 7}")).ToList();
        var results = await Task.WhenAll(deliveries.Select((d, i) =>
            ((IInbox)workers[i % 2]).TryAddAsync("teams", d.Key, d.Conversation, "{}", default)));
        Assert.Equal(100, results.Count(added => added));
        Assert.Equal(100, await ((IInbox)workers[0]).CountPendingAsync("teams", default));
        Assert.Equal(0, await ((IInbox)workers[0]).CountPendingAsync("discord", default));

        // Claims racing with completions: each item is handled once, and the count falls to zero.
        var handled = new ConcurrentBag<string>();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            IInbox inbox = worker;
            for (var round = 0; round < 500 && handled.Count < 100; round++)
            {
                var holder = $"worker-{round}-{Guid.NewGuid():N}";
                var leased = await inbox.LeaseAsync("teams", holder, 5, TimeSpan.FromMinutes(5), default);
                await Task.WhenAll(leased.Select(async item =>
                {
                    handled.Add(item.Key);
                    Assert.True(await inbox.RecordPartsAsync(item.Id, holder, 1, default));
                    Assert.True(await inbox.CompleteAsync(item.Id, holder, "done", null, default));
                }));
                if (leased.Count == 0)
                {
                    await Task.Yield();
                }
            }
        })));
        Assert.Equal(deliveries.Select(d => d.Key).Distinct().Order(), handled.Order());
        Assert.Equal(0, await ((IInbox)workers[1]).CountPendingAsync("teams", default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Behind_a_long_backlog_a_claim_still_takes_the_oldest_item_of_each_free_conversation(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        IInbox inbox = (await OpenWorkersAsync(stores))[0];
        var now = _time.GetUtcNow();
        for (var i = 0; i < 600; i++)
        {
            Assert.True(await inbox.TryAddAsync("teams", $"k{i:D3}", $"conv-{i % 3}", "{}", default));
        }

        var first = await inbox.LeaseAsync("teams", "w", 10, TimeSpan.FromMinutes(5), default);
        Assert.Equal(["k000", "k001", "k002"], first.Select(i => i.Key));
        // All three conversations are busy: nothing more, however many items wait.
        Assert.Empty(await inbox.LeaseAsync("teams", "w", 10, TimeSpan.FromMinutes(5), default));

        Assert.True(await inbox.CompleteAsync(first[1].Id, "w", "done", null, default));
        Assert.Equal("k004", Assert.Single(await inbox.LeaseAsync("teams", "w", 10, TimeSpan.FromMinutes(5), default)).Key);
        Assert.Equal(599, await inbox.CountPendingAsync("teams", default));
    }

    private async Task<ChatStore[]> OpenWorkersAsync(TestStores stores)
    {
        var workers = Enumerable.Range(0, Workers).Select(_ => stores.Open(_time)).ToArray();
        await workers[0].InitializeStoreAsync(default);
        return workers;
    }
}
