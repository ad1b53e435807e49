using System.Collections.Concurrent;
using ChatBot.Core.Coordination;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Coordination;

/// <summary>
/// The store's coordination primitives with several store instances on one database (one per
/// worker), on a fake clock: leases go to exactly one racer and outlive a dead holder until they
/// expire; shared numbers only grow; an event id is recorded once per expiry window.
/// </summary>
public sealed class CoordinationStoreTests
{
    private const int Workers = 4;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private async Task<IReadOnlyList<ChatStore>> OpenAsync(TestStores stores)
    {
        var opened = Enumerable.Range(0, Workers).Select(_ => stores.Open(_time)).ToList();
        foreach (var store in opened)
        {
            await store.InitializeStoreAsync(default);
        }
        return opened;
    }

    /// <summary>
    /// Lets <paramref name="span"/> pass for the store's lease clock: the fake clock on SQLite (the
    /// process clock), real time on PostgreSQL (the server's clock, which no test can move).
    /// </summary>
    private async Task ElapseAsync(string provider, TimeSpan span)
    {
        _time.Advance(span);
        if (provider == TestStores.Postgres)
        {
            await Task.Delay(span);
        }
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Workers_racing_for_free_leases_each_get_each_lease_exactly_once(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        var winners = new ConcurrentDictionary<string, ConcurrentBag<string>>();

        await Task.WhenAll(workers.Select((store, index) => Task.Run(async () =>
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var shard in Enumerable.Range(0, 8).OrderBy(s => (s * (index + 3)) % 8))
                {
                    var name = $"discord:shard:{shard}";
                    var held = await ((ILeaseStore)store).TryAcquireAsync(name, $"worker-{index}", Lease, default);
                    if (held.Holder == $"worker-{index}")
                    {
                        winners.GetOrAdd(name, _ => []).Add(held.Holder);
                    }
                }
            }
        })));

        Assert.Equal(8, winners.Count);
        // A holder may renew (its later rounds), but no lease ever had two holders.
        Assert.All(winners.Values, w => Assert.Single(w.Distinct()));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_lease_is_renewed_only_by_its_holder_and_taken_over_only_once_it_expires(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        ILeaseStore a = workers[0], b = workers[1];

        var taken = await a.TryAcquireAsync("shard", "a", Lease, default);
        Assert.Equal("a", taken.Holder);
        var refused = await b.TryAcquireAsync("shard", "b", Lease, default);
        Assert.Equal("a", refused.Holder);
        Assert.InRange(refused.Remaining, TimeSpan.FromSeconds(1), Lease);
        Assert.True(refused.IsLive);

        // a renews: still a's, held since the first take; b still waits.
        var renewed = await a.TryAcquireAsync("shard", "a", Lease, default);
        Assert.Equal(("a", taken.Since), (renewed.Holder, renewed.Since));
        Assert.Equal("a", (await b.TryAcquireAsync("shard", "b", Lease, default)).Holder);

        // a's last renewal before it dies is a short one; nobody renews it after.
        var last = TimeSpan.FromSeconds(1);
        Assert.Equal("a", (await a.TryAcquireAsync("shard", "a", last, default)).Holder);
        await ElapseAsync(provider, last + TimeSpan.FromMilliseconds(500));
        var expired = await b.FindAsync("shard", default);
        Assert.False(expired!.IsLive);
        var takeover = await b.TryAcquireAsync("shard", "b", Lease, default);
        Assert.Equal("b", takeover.Holder);
        Assert.True(takeover.Since >= taken.Since);

        // The late a cannot renew what b now holds, nor release it.
        Assert.Equal("b", (await a.TryAcquireAsync("shard", "a", Lease, default)).Holder);
        await a.ReleaseAsync("shard", "a", default);
        Assert.Equal("b", (await a.FindAsync("shard", default))!.Holder);
    }

    [Fact]
    public async Task On_SQLite_a_lease_expires_exactly_at_its_end_by_the_process_clock()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Sqlite);
        var workers = await OpenAsync(stores);
        ILeaseStore a = workers[0], b = workers[1];
        await a.TryAcquireAsync("shard", "a", Lease, default);

        _time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", (await b.TryAcquireAsync("shard", "b", Lease, default)).Holder);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("b", (await b.TryAcquireAsync("shard", "b", Lease, default)).Holder);
    }

    [Fact]
    public async Task On_PostgreSQL_a_worker_whose_clock_is_off_by_minutes_can_neither_steal_a_lease_nor_keep_one_that_ran_out()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        // Two workers whose clocks are ten minutes apart, either side of the server's.
        var behind = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        var ahead = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10));
        ILeaseStore slow = stores.Open(behind), fast = stores.Open(ahead);

        // The worker ahead would think a lease the slow one took for 30 s ran out long ago: the server decides.
        Assert.Equal("slow", (await slow.TryAcquireAsync("discord:shard:0", "slow", Lease, default)).Holder);
        var refused = await fast.TryAcquireAsync("discord:shard:0", "fast", Lease, default);
        Assert.Equal("slow", refused.Holder);
        Assert.InRange(refused.Remaining, TimeSpan.FromSeconds(1), Lease);
        // Nor does moving its clock further help it.
        ahead.Advance(TimeSpan.FromHours(1));
        Assert.Equal("slow", (await fast.TryAcquireAsync("discord:shard:0", "fast", Lease, default)).Holder);

        // The worker behind would think its short lease still runs for ten minutes: the server lets it run out.
        Assert.Equal("slow", (await slow.TryAcquireAsync("discord:shard:0", "slow", TimeSpan.FromSeconds(1), default)).Holder);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Empty(await slow.ListLiveAsync("discord:shard:", default));
        Assert.Equal("fast", (await fast.TryAcquireAsync("discord:shard:0", "fast", Lease, default)).Holder);
        Assert.Equal("fast", (await slow.TryAcquireAsync("discord:shard:0", "slow", Lease, default)).Holder);

        // Both read the same instants, from the server's clock rather than their own.
        var seenBySlow = (await slow.FindAsync("discord:shard:0", default))!;
        var seenByFast = (await fast.FindAsync("discord:shard:0", default))!;
        Assert.Equal(seenBySlow.Until, seenByFast.Until);
        Assert.InRange(seenBySlow.Until, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + Lease + TimeSpan.FromSeconds(5));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Live_leases_are_listed_by_prefix_oldest_first_and_expired_ones_are_not(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        ILeaseStore store = workers[0];
        await store.TryAcquireAsync("discord:worker:b", "b", Lease, default);
        await ElapseAsync(provider, TimeSpan.FromMilliseconds(20));
        await store.TryAcquireAsync("discord:worker:a", "a", Lease, default);
        await store.TryAcquireAsync("discord:worker:dying", "dying", TimeSpan.FromSeconds(1), default);
        await store.TryAcquireAsync("discord:shard:0", "a", Lease, default);
        await store.TryAcquireAsync("discord:worker%", "not-a-prefix-match", Lease, default);

        await ElapseAsync(provider, TimeSpan.FromSeconds(1.5));
        var live = await store.ListLiveAsync("discord:worker:", default);

        Assert.Equal(["b", "a"], live.Select(l => l.Holder));
        Assert.All(live, l => Assert.True(l.IsLive));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Shared_numbers_only_grow_whoever_raises_them(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        var now = _time.GetUtcNow();
        ISharedNumbers a = workers[0], b = workers[1];

        Assert.Null(await a.ReadAsync("count", default));
        Assert.Equal(4, await a.RaiseAsync("count", 4, now, default));
        Assert.Equal(4, await b.RaiseAsync("count", 2, now, default));
        await Task.WhenAll(workers.Select((w, i) => ((ISharedNumbers)w).RaiseAsync("count", 5 + i, now, default)));

        Assert.Equal(8, await b.ReadAsync("count", default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_event_id_is_recorded_once_by_racing_workers_until_it_expires(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        var window = TimeSpan.FromMinutes(15);

        var firsts = await Task.WhenAll(workers.Select(w => Task.Run(() => ((IEventLedger)w).TryRecordAsync("discord:interaction:1", window, default))));
        Assert.Single(firsts, first => first);

        IEventLedger ledger = workers[0];
        await ElapseStoreAsync(stores, window - TimeSpan.FromSeconds(30));
        Assert.False(await ledger.TryRecordAsync("discord:interaction:1", window, default));
        await ElapseStoreAsync(stores, TimeSpan.FromSeconds(30));
        Assert.True(await ledger.TryRecordAsync("discord:interaction:1", window, default));

        await ledger.TryRecordAsync("teams:x", TimeSpan.FromMinutes(1), default);
        await ledger.RemoveAsync("teams:x", default);
        Assert.True(await ledger.TryRecordAsync("teams:x", TimeSpan.FromMinutes(1), default));
        await ElapseStoreAsync(stores, TimeSpan.FromMinutes(1));
        Assert.Equal(1, await ledger.PurgeAsync(default));
    }

    /// <summary>Moves both clocks a claim may be judged by: the fake process clock and the store's (see <see cref="TestStores.ElapseStoreClockAsync"/>).</summary>
    private async Task ElapseStoreAsync(TestStores stores, TimeSpan span)
    {
        await stores.ElapseStoreClockAsync(span);
        _time.Advance(span);
    }
}
