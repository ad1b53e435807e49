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
        Assert.True(await stale.TryAddAsync("teams", "activity-1", "conv", "{}", default));
        var item = Assert.Single(await stale.LeaseAsync("teams", "stale", 4, Claim, default));
        Assert.True(await stale.RecordPartsAsync(item.Id, "stale", 1, default));
        Assert.Empty(await fresh.LeaseAsync("teams", "fresh", 4, Claim, default));
        Assert.False(await fresh.CompleteAsync(item.Id, "fresh", "done", null, default));

        await ElapseAsync(stores, PastClaim);
        var taken = Assert.Single(await fresh.LeaseAsync("teams", "fresh", 4, Claim, default));
        Assert.Equal((item.Id, 1), (taken.Id, taken.PartsDone));

        Assert.False(await stale.RenewAsync(item.Id, "stale", Claim, default));
        Assert.False(await stale.RecordPartsAsync(item.Id, "stale", 3, default));
        Assert.False(await stale.DeferAsync(item.Id, "stale", "stale deferral", TimeSpan.FromHours(1), default));
        await stale.ReleaseAsync(item.Id, "stale", default);
        Assert.False(await stale.CompleteAsync(item.Id, "stale", "failed", "stale failure", default));

        // The fresh holder is undisturbed: still its claim (nothing leasable), and its outcome lands.
        Assert.Empty(await fresh.LeaseAsync("teams", "other", 4, Claim, default));
        Assert.True(await fresh.RenewAsync(item.Id, "fresh", Claim, default));
        Assert.True(await fresh.RecordPartsAsync(item.Id, "fresh", 2, default));
        Assert.True(await fresh.CompleteAsync(item.Id, "fresh", "done", null, default));
        Assert.False(await stale.CompleteAsync(item.Id, "stale", "failed", "stale failure", default));
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

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_holder_that_lost_the_run_before_closing_it_moves_neither_the_outcome_nor_the_channels_mark(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var t0 = _time.GetUtcNow();
        ChatStore stale = stores.Open(_time), fresh = stores.Open(_time);
        await ((ISubscriptionStore)stale).SaveAsync(new Subscription(Channel, "0 9 * * *", "UTC", true, t0, t0, false), t0, default);
        IDeliveryLog staleLog = stale, freshLog = fresh;
        var run = (await staleLog.TryClaimAsync(Channel, t0, t0, default))!;
        Assert.True(await staleLog.TryLeaseAsync(run.Id, "stale", Claim, default));
        Assert.True(await staleLog.RecordPartAsync(run.Id, "stale", 0, uncertain: false, null, null, default));

        // The stale worker posted its part and stalls before closing the run; the run is taken over.
        await ElapseAsync(stores, PastClaim);
        Assert.True(await freshLog.TryLeaseAsync(run.Id, "fresh", Claim, default));

        // Closing the run and moving the mark are one fenced write: refused as a whole.
        Assert.False(await staleLog.CompleteDeliveredAsync(run.Id, "stale", DeliveryOutcome.Delivered, "stale", 1, _time.GetUtcNow(), Channel, t0.AddDays(7), default));
        var mark = (await ((ISubscriptionStore)fresh).GetAsync(Channel, default))!;
        Assert.Equal(t0, mark.Subscription.CoveredUntil);
        Assert.Equal(DeliveryOutcome.Pending, (await freshLog.GetAsync(run.Id, default))!.Outcome);

        // The new holder finds the mark where the last delivery left it, and its own delivery moves both.
        var until = t0 + PastClaim;
        Assert.True(await freshLog.CompleteDeliveredAsync(run.Id, "fresh", DeliveryOutcome.Delivered, "fresh", 2, _time.GetUtcNow(), Channel, until, default));
        Assert.False(await staleLog.CompleteDeliveredAsync(run.Id, "stale", DeliveryOutcome.Delivered, "stale", 1, _time.GetUtcNow(), Channel, t0.AddDays(7), default));
        var after = (await ((ISubscriptionStore)stale).GetAsync(Channel, default))!;
        Assert.Equal((until, 0), (after.Subscription.CoveredUntil, after.ConsecutiveFailures));
        Assert.Equal((DeliveryOutcome.Delivered, "fresh"), ((await staleLog.GetAsync(run.Id, default))!.Outcome, (await staleLog.GetAsync(run.Id, default))!.Reason));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_holders_close_racing_take_overs_as_its_claim_runs_out_leaves_the_run_and_the_mark_in_agreement(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var t0 = _time.GetUtcNow();
        var workers = Enumerable.Range(0, Workers).Select(_ => stores.Open(_time)).ToList();
        await ((ISubscriptionStore)workers[0]).SaveAsync(new Subscription(Channel, "0 9 * * *", "UTC", true, t0, t0, false), t0, default);
        IDeliveryLog first = workers[0];
        var brief = TimeSpan.FromMilliseconds(300);
        for (var round = 1; round <= 8; round++)
        {
            var before = (await ((ISubscriptionStore)first).GetAsync(Channel, default))!.Subscription.CoveredUntil;
            var run = (await first.TryClaimAsync(Channel, t0.AddHours(round), t0, default))!;
            Assert.True(await first.TryLeaseAsync(run.Id, "holder", brief, default));
            // Right at the claim's end (by the server's clock on PostgreSQL, a real wait; the
            // process clock on SQLite): the holder's close and every other worker's take-over race.
            // Earlier rounds close before the end, later ones after it (SQLite: exactly; PostgreSQL:
            // as the loaded machine's timing falls), and the race must be consistent either way.
            var wait = brief + TimeSpan.FromMilliseconds(40 * round - 150);
            if (provider == TestStores.Postgres)
            {
                await Task.Delay(wait);
            }
            else
            {
                _time.Advance(wait);
            }
            var mark = before.AddMinutes(round);
            var close = Task.Run(() => first.CompleteDeliveredAsync(run.Id, "holder", DeliveryOutcome.Delivered, "holder", 1, _time.GetUtcNow(), Channel, mark, default));
            var takes = workers.Skip(1).Select((w, i) => Task.Run(() => ((IDeliveryLog)w).TryLeaseAsync(run.Id, $"taker-{i}", Claim, default))).ToList();
            var closed = await close;
            var taken = (await Task.WhenAll(takes)).Count(t => t);

            var record = (await first.GetAsync(run.Id, default))!;
            var covered = (await ((ISubscriptionStore)workers[1]).GetAsync(Channel, default))!.Subscription.CoveredUntil;
            Assert.Equal(closed ? (DeliveryOutcome.Delivered, mark, 0) : (DeliveryOutcome.Pending, before, 1), (record.Outcome, covered, taken));
            if (!closed)
            {
                await ElapseAsync(stores, PastClaim); // the taker's claim, out of the next round's way
            }
        }
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_fetch_claim_is_renewed_only_by_its_holder_and_only_while_it_runs(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        ISourceStateStore holder = stores.Open(_time), other = stores.Open(_time);
        Assert.True(await holder.TryClaimFetchAsync("news", "holder", Claim, _time.GetUtcNow(), dueOnly: true, default));
        Assert.False(await other.RenewFetchAsync("news", "other", Claim, default));

        // Renewed every third of the claim, it outlives the claim many times over.
        for (var i = 0; i < 6; i++)
        {
            await ElapseAsync(stores, Claim / 3);
            Assert.True(await holder.RenewFetchAsync("news", "holder", Claim, default));
            Assert.False(await other.TryClaimFetchAsync("news", "other", Claim, _time.GetUtcNow(), dueOnly: false, default));
        }

        await ElapseAsync(stores, PastClaim);
        Assert.False(await holder.RenewFetchAsync("news", "holder", Claim, default));
        Assert.True(await other.TryClaimFetchAsync("news", "other", Claim, _time.GetUtcNow(), dueOnly: false, default));
        Assert.False(await holder.RenewFetchAsync("news", "holder", Claim, default));
        Assert.False(await holder.SaveDocumentAsync(ClaimClockTests.Document("late"), "holder", default));
    }
}
