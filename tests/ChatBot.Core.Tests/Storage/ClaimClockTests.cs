using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Sources;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>
/// Every claim on PostgreSQL (digest runs, Teams inbox items, source fetches) is judged by the
/// database server's clock: two workers whose clocks are ten minutes either side of the server's
/// behave exactly as two with equal clocks. The one ahead cannot take a live claim (it would think
/// the claim ran out long ago); the one behind cannot keep, renew or write under a claim that ran
/// out (it would think it still runs for ten minutes), and the one ahead takes it over then. As
/// in the leases' own test (<c>CoordinationStoreTests</c>), time passes for real here: a claim of
/// a second or two and a short wait, since no test can move the server's clock.
/// </summary>
public sealed class ClaimClockTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PastShort = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly ChannelKey Channel = new("discord", "skewed");

    private readonly FakeTimeProvider _behind = new(DateTimeOffset.UtcNow.AddMinutes(-10));
    private readonly FakeTimeProvider _ahead = new(DateTimeOffset.UtcNow.AddMinutes(10));

    [Fact]
    public async Task Answer_log_feedback_and_inbox_stamps_are_the_servers_time_whoever_writes_them()
    {
        var slack = TimeSpan.FromSeconds(20);
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        ChatStore slow = stores.Open(_behind), fast = stores.Open(_ahead);
        var server = await slow.ReadStoreClockAsync(default);

        // Logged by the worker ten minutes ahead, voted on by the one ten minutes behind: both
        // instants are the server's, so a report "since a minute ago" finds them on either worker.
        var id = await fast.RecordAsync(Channel, "u1", Answer.NotFound("Who won the cup?", "I could not find that.", []), default);
        Assert.InRange((await slow.FindAsync(id, default))!.At - server, -slack, slack);
        Assert.True(await slow.RecordFeedbackAsync(id, "u2", helpful: false, default));
        foreach (var reader in new[] { slow, fast })
        {
            var report = await reader.ReportAsync(server - TimeSpan.FromMinutes(1), default);
            Assert.Equal(id, Assert.Single(report.Unanswered).Id);
            Assert.InRange(Assert.Single(report.Feedback).At - server, -slack, slack);
        }

        // An activity finished just now by the worker behind is not a day old to the worker ahead:
        // purging what finished more than five minutes ago keeps it, so a retried delivery of it
        // is still recognised (with the workers' own clocks it would look twenty minutes old).
        IInbox behind = slow, ahead = fast;
        Assert.True(await behind.TryAddAsync("teams", "activity-stamped", "conv", "{}", default));
        var item = Assert.Single(await behind.LeaseAsync("teams", "slow", 4, Long, default));
        Assert.True(await behind.CompleteAsync(item.Id, "slow", "done", null, default));
        Assert.Equal(0, await ahead.PurgeAsync(TimeSpan.FromMinutes(5), default));
        Assert.False(await ahead.TryAddAsync("teams", "activity-stamped", "conv", "{}", default));
        // ...and goes once it is older than the retention by the server's clock.
        await Task.Delay(PastShort);
        Assert.Equal(1, await ahead.PurgeAsync(Short, default));
        Assert.True(await ahead.TryAddAsync("teams", "activity-stamped", "conv", "{}", default));
    }

    [Fact]
    public async Task Digest_run_claims_ignore_how_far_off_the_workers_clocks_are()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        IDeliveryLog slow = stores.Open(_behind), fast = stores.Open(_ahead);
        var run = (await slow.TryClaimAsync(Channel, _behind.GetUtcNow(), _behind.GetUtcNow(), default))!;

        Assert.True(await slow.TryLeaseAsync(run.Id, "slow", Short, default));
        // The worker ahead would think a claim taken by the slow clock ran out ten minutes ago.
        Assert.Empty(await fast.DueAsync(_ahead.GetUtcNow(), default));
        Assert.False(await fast.TryLeaseAsync(run.Id, "fast", Long, default));
        Assert.Equal(0, await fast.SupersedeAsync(Channel, _ahead.GetUtcNow().AddDays(1), -1, "covered", _ahead.GetUtcNow(), default));
        _ahead.Advance(TimeSpan.FromHours(1));
        Assert.False(await fast.TryLeaseAsync(run.Id, "fast", Long, default));
        // Each worker is told when the claim ends in its own clock, so it sleeps the right time.
        var wakeUp = (await fast.NextAttemptAsync(_ahead.GetUtcNow(), default))!.Value - _ahead.GetUtcNow();
        Assert.InRange(wakeUp, TimeSpan.Zero, Short);

        // The claim runs out on the server; the slow worker, which would think it runs for ten more
        // minutes, can neither renew it nor write under it, and the fast one takes it over.
        await Task.Delay(PastShort);
        Assert.False(await slow.RenewLeaseAsync(run.Id, "slow", Long, default));
        Assert.False(await slow.RecordPartAsync(run.Id, "slow", 0, uncertain: false, null, null, default));
        Assert.Single(await fast.DueAsync(_ahead.GetUtcNow(), default));
        Assert.True(await fast.TryLeaseAsync(run.Id, "fast", Long, default));
        Assert.False(await slow.TryLeaseAsync(run.Id, "slow", Long, default));
        Assert.Empty(await slow.DueAsync(_behind.GetUtcNow().AddDays(1), default));
        Assert.True(await fast.RecordPartAsync(run.Id, "fast", 0, uncertain: false, "fast's thread", null, default));
        Assert.Equal(("fast's thread", 1), await PartsAsync(slow, run.Id));
    }

    [Fact]
    public async Task Teams_inbox_claims_and_deferrals_ignore_how_far_off_the_workers_clocks_are()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        IInbox slow = stores.Open(_behind), fast = stores.Open(_ahead);
        Assert.True(await slow.TryAddAsync("teams", "activity-1", "conv", "{}", default));

        var item = Assert.Single(await slow.LeaseAsync("teams", "slow", 4, Short, default));
        Assert.Empty(await fast.LeaseAsync("teams", "fast", 4, Long, default));
        _ahead.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await fast.LeaseAsync("teams", "fast", 4, Long, default));
        var wakeUp = (await fast.NextDueAsync("teams", _ahead.GetUtcNow(), default))!.Value - _ahead.GetUtcNow();
        Assert.InRange(wakeUp, TimeSpan.Zero, Short);

        await Task.Delay(PastShort);
        Assert.False(await slow.RenewAsync(item.Id, "slow", Long, default));
        Assert.False(await slow.RecordPartsAsync(item.Id, "slow", 1, default));
        var taken = Assert.Single(await fast.LeaseAsync("teams", "fast", 4, Long, default));
        Assert.Equal((item.Id, 0), (taken.Id, taken.PartsDone));
        Assert.False(await slow.CompleteAsync(item.Id, "slow", "done", null, default));

        // A deferral made by the slow clock is not cut short by the fast one (nor the reverse).
        Assert.True(await fast.DeferAsync(item.Id, "fast", "Connector said 503", TimeSpan.FromMinutes(1), default));
        Assert.Empty(await fast.LeaseAsync("teams", "fast", 4, Long, default));
        Assert.Empty(await slow.LeaseAsync("teams", "slow", 4, Long, default));
        var deferredFor = (await slow.NextDueAsync("teams", _behind.GetUtcNow(), default))!.Value - _behind.GetUtcNow();
        Assert.InRange(deferredFor, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Source_fetch_claims_ignore_how_far_off_the_workers_clocks_are()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Postgres);
        ISourceStateStore slow = stores.Open(_behind), fast = stores.Open(_ahead);

        Assert.True(await slow.TryClaimFetchAsync("news", "slow", Short, _behind.GetUtcNow(), dueOnly: true, default));
        Assert.False(await fast.TryClaimFetchAsync("news", "fast", Long, _ahead.GetUtcNow(), dueOnly: false, default));
        _ahead.Advance(TimeSpan.FromHours(1));
        Assert.False(await fast.TryClaimFetchAsync("news", "fast", Long, _ahead.GetUtcNow(), dueOnly: false, default));

        await Task.Delay(PastShort);
        var now = _behind.GetUtcNow();
        Assert.False(await slow.SaveDocumentAsync(Document("slow"), "slow", default));
        Assert.False(await slow.CompleteFetchAsync(SourceState.New("news") with { LastFetchAt = now, LastReason = "slow" }, "slow", default));
        Assert.True(await fast.TryClaimFetchAsync("news", "fast", Long, _ahead.GetUtcNow(), dueOnly: true, default));
        Assert.False(await slow.TryClaimFetchAsync("news", "slow", Long, _behind.GetUtcNow(), dueOnly: false, default));
        Assert.True(await fast.SaveDocumentAsync(Document("fast"), "fast", default));
        Assert.True(await fast.CompleteFetchAsync(SourceState.New("news") with { LastFetchAt = _ahead.GetUtcNow(), LastReason = "fast" }, "fast", default));

        Assert.Equal("fast", Assert.Single(await slow.ListStatesAsync(default)).LastReason);
        Assert.Equal("fast", (await slow.FindDocumentAsync("https://example.org/a", default))!.Version);
    }

    internal static StoredSourceDocument Document(string version) =>
        new("https://example.org/a", "news", "example.org/a.md", "hash-" + version, version, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) { Content = version };

    private static async Task<(string? State, int PartsDone)> PartsAsync(IDeliveryLog log, long runId)
    {
        var run = (await log.GetAsync(runId, default))!;
        return (run.PublishState, run.PartsDone);
    }
}
