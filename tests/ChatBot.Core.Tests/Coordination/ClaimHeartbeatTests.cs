using ChatBot.Core.Coordination;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Coordination;

/// <summary>
/// The heartbeat that keeps a claim while its work runs, against a scripted store: it renews every
/// interval, however long the work takes; a refused renewal loses the claim at once; a store that
/// cannot be reached keeps it only while it still runs by the worker's own clock; and a reply is
/// allowed out only with the margin left.
/// </summary>
public sealed class ClaimHeartbeatTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Renewal = Lease / 3;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private int _renewals;

    private ClaimHeartbeat Start(Func<bool> renew) =>
        new(_ => { Interlocked.Increment(ref _renewals); return Task.FromResult(renew()); }, Lease, Renewal, _time.GetTimestamp(), _time, NullLogger.Instance, "test claim");

    private async Task StepAsync(int renewalsBefore)
    {
        _time.Advance(Renewal);
        for (var i = 0; i < 1000 && Volatile.Read(ref _renewals) == renewalsBefore; i++)
        {
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Work_longer_than_many_claims_keeps_it_while_the_store_renews()
    {
        await using var heartbeat = Start(() => true);
        for (var step = 0; step < 12; step++)
        {
            await StepAsync(step);
            Assert.False(heartbeat.IsLost);
        }
        Assert.Equal(12, _renewals);
        Assert.InRange(heartbeat.Remaining, Lease - Renewal, Lease);
        Assert.True(await heartbeat.ConfirmAsync(Renewal, default));
    }

    [Fact]
    public async Task A_refused_renewal_cancels_the_work_at_once()
    {
        var refuse = false;
        await using var heartbeat = Start(() => !refuse);
        await StepAsync(0);
        Assert.False(heartbeat.IsLost);

        refuse = true;
        await StepAsync(1);
        for (var i = 0; i < 1000 && !heartbeat.Lost.IsCancellationRequested; i++)
        {
            await Task.Delay(5);
        }
        Assert.True(heartbeat.Lost.IsCancellationRequested);
        Assert.False(await heartbeat.ConfirmAsync(TimeSpan.Zero, default));
        Assert.Equal(TimeSpan.Zero, heartbeat.Remaining);
    }

    [Fact]
    public async Task An_unreachable_store_keeps_the_claim_only_while_it_runs_by_the_workers_clock()
    {
        await using var heartbeat = Start(() => throw new TimeoutException("the database does not answer"));
        // The first failed renewal leaves two thirds of the claim: kept, but a reply that needs
        // more than is left is not sent.
        await StepAsync(0);
        Assert.False(heartbeat.IsLost);
        Assert.InRange(heartbeat.Remaining, Lease - Renewal - TimeSpan.FromSeconds(1), Lease - Renewal);

        // The next failure would let the claim run out before another try: lost.
        await StepAsync(1);
        for (var i = 0; i < 1000 && !heartbeat.IsLost; i++)
        {
            await Task.Delay(5);
        }
        Assert.True(heartbeat.IsLost);
    }

    [Fact]
    public async Task A_reply_needs_the_margin_left_when_the_store_cannot_renew()
    {
        var fail = false;
        await using var heartbeat = Start(() => fail ? throw new TimeoutException("the database does not answer") : true);
        Assert.True(await heartbeat.ConfirmAsync(Renewal, default));

        fail = true;
        _time.Advance(Lease - Renewal / 2); // the loop's renewals fail meanwhile
        Assert.False(await heartbeat.ConfirmAsync(Renewal, default));
        Assert.True(heartbeat.IsLost);
    }
}
