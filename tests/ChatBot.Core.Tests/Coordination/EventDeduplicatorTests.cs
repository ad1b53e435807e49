using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Coordination;

/// <summary>
/// The de-duplication the adapters use: two workers (each its own memory) on one store see a
/// redelivered event once between them; without a shared store each worker has only its memory;
/// a store failure does not silence the bot.
/// </summary>
public sealed class EventDeduplicatorTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private EventDeduplicator Worker(IEventLedger? shared) =>
        new(new RecentEventIds(_time, Window, 1000), _time, NullLogger<EventDeduplicator>.Instance, shared);

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_redelivery_reaching_another_worker_is_recognised_there_until_the_window_ends(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var a = Worker(stores.Open(_time));
        var b = Worker(stores.Open(_time));

        Assert.True(await a.TryAddAsync("discord:interaction:42", default));
        Assert.False(await b.TryAddAsync("discord:interaction:42", default));
        Assert.False(await a.TryAddAsync("discord:interaction:42", default));

        await stores.ElapseStoreClockAsync(Window);
        _time.Advance(Window);
        Assert.True(await b.TryAddAsync("discord:interaction:42", default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_forgotten_id_can_be_handled_by_any_worker(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var a = Worker(stores.Open(_time));
        var b = Worker(stores.Open(_time));

        Assert.True(await a.TryAddAsync("teams:1", default));
        await a.RemoveAsync("teams:1", default);

        Assert.True(await b.TryAddAsync("teams:1", default));
    }

    [Fact]
    public async Task Without_a_shared_store_each_worker_only_knows_its_own()
    {
        var a = Worker(null);
        var b = Worker(null);

        Assert.True(await a.TryAddAsync("x", default));
        Assert.False(await a.TryAddAsync("x", default));
        Assert.True(await b.TryAddAsync("x", default));
        Assert.False(a.IsShared);
    }

    [Fact]
    public async Task An_unreachable_store_lets_the_event_through_but_still_catches_local_repeats()
    {
        var a = Worker(new FakeBrokenLedger());

        Assert.True(await a.TryAddAsync("x", default));
        Assert.False(await a.TryAddAsync("x", default));
    }

    private sealed class FakeBrokenLedger : IEventLedger
    {
        public Task<bool> TryRecordAsync(string id, TimeSpan window, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("database is down");

        public Task RemoveAsync(string id, CancellationToken cancellationToken) => throw new InvalidOperationException("database is down");

        public Task<int> PurgeAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("database is down");
    }
}
