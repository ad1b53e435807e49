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

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Workers_racing_for_free_leases_each_get_each_lease_exactly_once(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        var now = _time.GetUtcNow();
        var winners = new ConcurrentDictionary<string, ConcurrentBag<string>>();

        await Task.WhenAll(workers.Select((store, index) => Task.Run(async () =>
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var shard in Enumerable.Range(0, 8).OrderBy(s => (s * (index + 3)) % 8))
                {
                    var name = $"discord:shard:{shard}";
                    var held = await ((ILeaseStore)store).TryAcquireAsync(name, $"worker-{index}", now, now + Lease, default);
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
        var start = _time.GetUtcNow();

        Assert.Equal("a", (await a.TryAcquireAsync("shard", "a", start, start + Lease, default)).Holder);
        var refused = await b.TryAcquireAsync("shard", "b", start, start + Lease, default);
        Assert.Equal(("a", start + Lease), (refused.Holder, refused.Until));

        // a renews before the end; b still waits, even past the first expiry.
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("a", (await a.TryAcquireAsync("shard", "a", _time.GetUtcNow(), _time.GetUtcNow() + Lease, default)).Holder);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("a", (await b.TryAcquireAsync("shard", "b", _time.GetUtcNow(), _time.GetUtcNow() + Lease, default)).Holder);

        // a dies (no renewal, no release): one millisecond early is too early, the expiry itself is not.
        _time.Advance(Lease - TimeSpan.FromSeconds(20) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", (await b.TryAcquireAsync("shard", "b", _time.GetUtcNow(), _time.GetUtcNow() + Lease, default)).Holder);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("b", (await b.TryAcquireAsync("shard", "b", _time.GetUtcNow(), _time.GetUtcNow() + Lease, default)).Holder);

        // The late a cannot renew what b now holds, nor release it.
        Assert.Equal("b", (await a.TryAcquireAsync("shard", "a", _time.GetUtcNow(), _time.GetUtcNow() + Lease, default)).Holder);
        await a.ReleaseAsync("shard", "a", default);
        Assert.Equal("b", (await a.FindAsync("shard", default))!.Holder);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_released_lease_is_free_at_once(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = await OpenAsync(stores);
        ILeaseStore a = workers[0], b = workers[1];
        var now = _time.GetUtcNow();
        await a.TryAcquireAsync("shard", "a", now, now + Lease, default);

        await a.ReleaseAsync("shard", "a", default);

        Assert.Null(await b.FindAsync("shard", default));
        Assert.Equal("b", (await b.TryAcquireAsync("shard", "b", now, now + Lease, default)).Holder);
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
        var now = _time.GetUtcNow();
        var window = TimeSpan.FromMinutes(15);

        var firsts = await Task.WhenAll(workers.Select(w => Task.Run(() => ((IEventLedger)w).TryRecordAsync("discord:interaction:1", now, now + window, default))));
        Assert.Single(firsts, first => first);

        IEventLedger ledger = workers[0];
        Assert.False(await ledger.TryRecordAsync("discord:interaction:1", now + window - TimeSpan.FromSeconds(1), now + window, default));
        Assert.True(await ledger.TryRecordAsync("discord:interaction:1", now + window, now + 2 * window, default));

        await ledger.TryRecordAsync("teams:x", now, now + TimeSpan.FromMinutes(1), default);
        await ledger.RemoveAsync("teams:x", default);
        Assert.True(await ledger.TryRecordAsync("teams:x", now, now + TimeSpan.FromMinutes(1), default));
        Assert.Equal(1, await ledger.PurgeAsync(now + TimeSpan.FromMinutes(1), default));
    }
}
