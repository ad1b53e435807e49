using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Sources;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>
/// Every write a claim holder makes is conditional on still holding the claim: once a worker's
/// claim ran out (it was paused past it) and another worker took the work over, each of the stale
/// worker's writes is refused (false) and the new holder's result stands. On both providers; the
/// store's clock is moved with <see cref="TestStores.ElapseStoreClockAsync"/>.
/// </summary>
public sealed class ClaimFencingTests
{
    private const int Workers = 4;
    private static readonly TimeSpan Claim = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PastClaim = Claim + TimeSpan.FromSeconds(1);
    private static readonly ChannelKey Channel = new("teams", "fenced");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private async Task ElapseAsync(TestStores stores, TimeSpan span)
    {
        await stores.ElapseStoreClockAsync(span);
        _time.Advance(span);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_stale_digest_holder_writes_nothing_after_the_take_over(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        IDeliveryLog stale = stores.Open(_time), fresh = stores.Open(_time);
        var now = _time.GetUtcNow();
        var run = (await stale.TryClaimAsync(Channel, now, now, default))!;
        Assert.True(await stale.TryLeaseAsync(run.Id, "stale", Claim, default));
        Assert.True(await stale.BeginPartAsync(run.Id, "stale", 0, now, default));
        Assert.True(await stale.RecordPartAsync(run.Id, "stale", 0, uncertain: false, "thread-stale", null, default));
        // A claim is not taken from a live holder, nor written under by anyone else.
        Assert.False(await fresh.TryLeaseAsync(run.Id, "fresh", Claim, default));
        Assert.False(await fresh.RecordPartAsync(run.Id, "fresh", 1, uncertain: false, null, null, default));

        await ElapseAsync(stores, PastClaim);
        Assert.True(await fresh.TryLeaseAsync(run.Id, "fresh", Claim, default));

        // Every write the paused worker makes on waking is refused...
        Assert.False(await stale.RenewLeaseAsync(run.Id, "stale", Claim, default));
        Assert.False(await stale.BeginPartAsync(run.Id, "stale", 1, now, default));
        Assert.False(await stale.RecordPartAsync(run.Id, "stale", 1, uncertain: true, "thread-stale-2", "stale note", default));
        Assert.False(await stale.AppendHistoryAsync(run.Id, "stale", "stale history", default));
        Assert.False(await stale.RetryLaterAsync(run.Id, "stale", "stale retry", 1, now.AddMinutes(1), default));
        Assert.False(await stale.InterruptAsync(run.Id, "stale", 1, "stale interruption", default));
        await stale.ReleaseAsync(run.Id, "stale", default);
        Assert.False(await stale.CompleteAsync(run.Id, "stale", DeliveryOutcome.Failed, "stale failure", 1, now, default));

        // ...and the new holder's work stands, untouched by any of it.
        Assert.Empty(await fresh.DueAsync(_time.GetUtcNow(), default));
        Assert.True(await fresh.BeginPartAsync(run.Id, "fresh", 1, now, default));
        Assert.True(await fresh.RecordPartAsync(run.Id, "fresh", 1, uncertain: false, null, null, default));
        Assert.True(await fresh.CompleteAsync(run.Id, "fresh", DeliveryOutcome.Delivered, "fresh", 2, _time.GetUtcNow(), default));
        Assert.False(await stale.CompleteAsync(run.Id, "stale", DeliveryOutcome.Failed, "stale failure", 1, now, default));

        var final = (await fresh.GetAsync(run.Id, default))!;
        Assert.Equal((DeliveryOutcome.Delivered, "fresh", 2, 0, "thread-stale", 2), (final.Outcome, final.Reason, final.PartsDone, final.UncertainParts, final.PublishState, final.Attempts));
        Assert.Empty(final.History);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_digest_holder_paused_past_its_claim_is_refused_even_when_nobody_took_the_run_yet(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        IDeliveryLog log = stores.Open(_time);
        var run = (await log.TryClaimAsync(Channel, _time.GetUtcNow(), _time.GetUtcNow(), default))!;
        Assert.True(await log.TryLeaseAsync(run.Id, "paused", Claim, default));

        await ElapseAsync(stores, PastClaim);
        // Another worker may be resuming it this very moment: the late holder must stop, not post on.
        Assert.False(await log.BeginPartAsync(run.Id, "paused", 0, _time.GetUtcNow(), default));
        Assert.False(await log.CompleteAsync(run.Id, "paused", DeliveryOutcome.Delivered, "late", 1, _time.GetUtcNow(), default));
        // Handing it back is still allowed (it is nobody else's), and makes it due at once.
        Assert.True(await log.InterruptAsync(run.Id, "paused", 1, "stopped", default));
        Assert.Single(await log.DueAsync(_time.GetUtcNow(), default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_stale_inbox_holder_writes_nothing_after_the_take_over(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        IInbox stale = stores.Open(_time), fresh = stores.Open(_time);
        Assert.True(await stale.TryAddAsync("teams", "activity-1", "conv", "{}", _time.GetUtcNow(), default));
        var item = Assert.Single(await stale.LeaseAsync("teams", "stale", 4, Claim, default));
        Assert.True(await stale.RecordPartsAsync(item.Id, "stale", 1, default));
        Assert.Empty(await fresh.LeaseAsync("teams", "fresh", 4, Claim, default));
        Assert.False(await fresh.CompleteAsync(item.Id, "fresh", "done", null, _time.GetUtcNow(), default));

        await ElapseAsync(stores, PastClaim);
        var taken = Assert.Single(await fresh.LeaseAsync("teams", "fresh", 4, Claim, default));
        Assert.Equal((item.Id, 1), (taken.Id, taken.PartsDone));

        Assert.False(await stale.RenewAsync(item.Id, "stale", Claim, default));
        Assert.False(await stale.RecordPartsAsync(item.Id, "stale", 3, default));
        Assert.False(await stale.DeferAsync(item.Id, "stale", "stale deferral", TimeSpan.FromHours(1), default));
        await stale.ReleaseAsync(item.Id, "stale", default);
        Assert.False(await stale.CompleteAsync(item.Id, "stale", "failed", "stale failure", _time.GetUtcNow(), default));

        // The fresh holder is undisturbed: still its claim (nothing leasable), and its outcome lands.
        Assert.Empty(await fresh.LeaseAsync("teams", "other", 4, Claim, default));
        Assert.True(await fresh.RenewAsync(item.Id, "fresh", Claim, default));
        Assert.True(await fresh.RecordPartsAsync(item.Id, "fresh", 2, default));
        Assert.True(await fresh.CompleteAsync(item.Id, "fresh", "done", null, _time.GetUtcNow(), default));
        Assert.False(await stale.CompleteAsync(item.Id, "stale", "failed", "stale failure", _time.GetUtcNow(), default));
        Assert.Null(await fresh.NextDueAsync("teams", _time.GetUtcNow(), default));
        await ElapseAsync(stores, TimeSpan.FromHours(2));
        Assert.Empty(await stale.LeaseAsync("teams", "stale", 4, Claim, default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_stale_fetcher_stores_nothing_after_the_take_over_and_racing_claimers_get_one_fetch(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var workers = Enumerable.Range(0, Workers).Select(_ => (ISourceStateStore)stores.Open(_time)).ToList();
        await ((ChatStore)workers[0]).InitializeStoreAsync(default);

        var winners = new ConcurrentBag<int>();
        await Task.WhenAll(workers.Select((worker, index) => Task.Run(async () =>
        {
            if (await worker.TryClaimFetchAsync("news", $"worker-{index}", Claim, _time.GetUtcNow(), dueOnly: true, default))
            {
                winners.Add(index);
            }
        })));
        var stale = Assert.Single(winners);
        var fresh = (stale + 1) % Workers;
        Assert.True(await workers[stale].SaveDocumentAsync(ClaimClockTests.Document("stale-1"), $"worker-{stale}", default));
        Assert.False(await workers[fresh].SaveDocumentAsync(ClaimClockTests.Document("intruder"), $"worker-{fresh}", default));

        await ElapseAsync(stores, PastClaim);
        Assert.True(await workers[fresh].TryClaimFetchAsync("news", $"worker-{fresh}", Claim, _time.GetUtcNow(), dueOnly: true, default));
        Assert.True(await workers[fresh].SaveDocumentAsync(ClaimClockTests.Document("fresh"), $"worker-{fresh}", default));

        Assert.False(await workers[stale].SaveDocumentAsync(ClaimClockTests.Document("stale-2"), $"worker-{stale}", default));
        Assert.False(await workers[stale].CompleteFetchAsync(SourceState.New("news") with { LastReason = "stale" }, $"worker-{stale}", default));
        Assert.True(await workers[fresh].CompleteFetchAsync(SourceState.New("news") with { LastReason = "fresh", NextFetchAt = _time.GetUtcNow().AddHours(6) }, $"worker-{fresh}", default));
        Assert.False(await workers[stale].CompleteFetchAsync(SourceState.New("news") with { LastReason = "stale" }, $"worker-{stale}", default));

        Assert.Equal("fresh", Assert.Single(await workers[0].ListStatesAsync(default)).LastReason);
        Assert.Equal("fresh", (await workers[0].FindDocumentAsync("https://example.org/a", default))!.Version);
        // Completed and not due: nobody claims it again before its next fetch.
        Assert.All(await Task.WhenAll(workers.Select((w, i) => w.TryClaimFetchAsync("news", $"worker-{i}", Claim, _time.GetUtcNow(), dueOnly: true, default))), Assert.False);
    }
}
