using ChatBot.Core.Coordination;
using ChatBot.Core.Digests;
using ChatBot.Core.Storage;
using ChatBot.Core.Tests.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Digests;

/// <summary>
/// The scheduler's parts wired over one store (a SQLite file or a PostgreSQL database, see
/// <see cref="CreateAsync"/>), a fake clock and recording publishers. <see cref="Restart"/> builds
/// fresh parts over the same store, as a new process would.
/// </summary>
public sealed class DigestHarness : IDisposable
{
    private readonly TestStores _stores;

    private DigestHarness(TestStores stores, DateTimeOffset start, DigestOptions? options, IDigestComposer? composer)
    {
        _stores = stores;
        Time = new FakeTimeProvider(start);
        Options = options ?? new DigestOptions();
        Composer = composer ?? new FakeDigestComposer();
        Restart();
    }

    /// <summary>A harness over a new store of <paramref name="provider"/> (see <see cref="TestStores"/>).</summary>
    public static async Task<DigestHarness> CreateAsync(string provider, DateTimeOffset start, DigestOptions? options = null, IDigestComposer? composer = null) =>
        new(await TestStores.CreateAsync(provider), start, options, composer);

    /// <summary>A harness over <paramref name="stores"/>, which it disposes.</summary>
    public static DigestHarness Over(TestStores stores, DateTimeOffset start, DigestOptions? options = null) => new(stores, start, options, null);

    public FakeTimeProvider Time { get; }

    /// <summary>Writes the store refused because a worker's claim was lost, counted across restarts and replicas.</summary>
    public LostClaims LostClaims { get; } = new();

    public DigestOptions Options { get; }

    public IDigestComposer Composer { get; private set; }

    public FakeKnowledgeBase Knowledge { get; } = new();

    public FakeDigestPublisher Discord { get; private set; } = new("discord");

    public FakeDigestPublisher Teams { get; private set; } = new("teams");

    /// <summary>A multi-part platform ("parted"), replaced by <see cref="Restart"/> with new publishers.</summary>
    public FakePartedDigestPublisher Parted { get; private set; } = new("parted", 3);

    public ChatStore Store { get; private set; } = null!;

    public DigestScheduler Scheduler { get; private set; } = null!;

    public DigestService Service { get; private set; } = null!;

    public CorpusChangeTracker Tracker { get; private set; } = null!;

    /// <summary>Drops every in-memory part and rebuilds it over the same database file.</summary>
    public void Restart(IDigestComposer? composer = null, bool newPublishers = false)
    {
        Store?.Dispose();
        if (composer is not null)
        {
            Composer = composer;
        }
        if (newPublishers)
        {
            Discord = new FakeDigestPublisher("discord");
            Teams = new FakeDigestPublisher("teams");
            Parted = new FakePartedDigestPublisher("parted", 3);
        }
        (Store, Tracker, Scheduler, Service) = Wire();
    }

    /// <summary>A second worker over the same file, clock and publishers, as another replica would be.</summary>
    public (DigestScheduler Scheduler, ChatStore Store) Replica()
    {
        var (store, _, scheduler, _) = Wire(Time);
        return (scheduler, store);
    }

    /// <summary>A worker on its own clock (a skewed one, or a <see cref="DatabaseClock"/>) over the same database and publishers.</summary>
    public (DigestScheduler Scheduler, DigestService Service, ChatStore Store) Worker(TimeProvider time)
    {
        var (store, _, scheduler, service) = Wire(time);
        return (scheduler, service, store);
    }

    private (ChatStore, CorpusChangeTracker, DigestScheduler, DigestService) Wire(TimeProvider? clock = null)
    {
        var time = clock ?? Time;
        var store = _stores.Open(time);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var tracker = new CorpusChangeTracker(Knowledge, store, time);
        var runner = new DigestRunner(Composer, store, store, [Discord, Teams, Parted], options, time, NullLogger<DigestRunner>.Instance, lostClaims: LostClaims);
        var scheduler = new DigestScheduler(store, store, runner, tracker, Knowledge, options, time, NullLogger<DigestScheduler>.Instance);
        return (store, tracker, scheduler, new DigestService(store, store, Composer, runner, tracker, Knowledge, options, time));
    }

    public Task<DateTimeOffset?> PassAsync(CancellationToken cancellationToken = default) =>
        Scheduler.RunDueAsync(Time.GetUtcNow(), cancellationToken);

    /// <summary>Advances the clock to <paramref name="at"/> and runs one pass.</summary>
    public async Task<DateTimeOffset?> PassAtAsync(DateTimeOffset at)
    {
        await AdvanceToAsync(at);
        return await PassAsync();
    }

    /// <summary>Moves the clock forward to <paramref name="at"/> (never back), for the workers and the store's claims.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        if (at > Time.GetUtcNow())
        {
            await AdvanceAsync(at - Time.GetUtcNow());
        }
    }

    /// <summary>Lets <paramref name="span"/> pass for the workers and for the store's claims (see <see cref="TestStores.ElapseStoreClockAsync"/>).</summary>
    public async Task AdvanceAsync(TimeSpan span)
    {
        await _stores.ElapseStoreClockAsync(span);
        Time.Advance(span);
    }

    /// <summary>
    /// Lets <paramref name="span"/> pass in steps of <see cref="DigestOptions.ClaimRenewal"/> while
    /// a post is under way, waiting after each step until the posting worker's renewal landed, as
    /// it would in real time (one jump past the claim would be a pause, which loses it). Only for
    /// when the one pending run is the one being posted.
    /// </summary>
    public async Task AdvanceRenewingAsync(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < end)
        {
            var step = end - Time.GetUtcNow() < Options.ClaimRenewal ? end - Time.GetUtcNow() : Options.ClaimRenewal;
            await AdvanceAsync(step);
            var now = Time.GetUtcNow();
            for (var i = 0; i < 3000 && await ((IDeliveryLog)Store).NextAttemptAsync(now, default) is { } next && next <= now + Options.ClaimLease - Options.ClaimRenewal; i++)
            {
                await Task.Delay(10);
            }
        }
    }

    /// <summary>The store's database (for a second store with another clock, or moving the store's clock).</summary>
    public TestStores Stores => _stores;

    public Task<IReadOnlyList<ChatBot.Core.Digests.DeliveryRecord>> RunsAsync(ChatBot.Core.Conversations.ChannelKey channel) =>
        ((IDeliveryLog)Store).RecentAsync(channel, 100, default);

    public void Dispose()
    {
        Store?.Dispose();
        Scheduler?.Dispose();
        _stores.Dispose();
    }
}
