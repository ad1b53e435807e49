using ChatBot.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Gateway;

public sealed class SlidingWindowLimiterTests
{
    [Fact]
    public async Task Gateway_send_budget_allows_120_per_60_seconds_then_waits_for_the_oldest_to_age_out()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(120, TimeSpan.FromSeconds(60), time);
        for (var i = 0; i < 120; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var next = limiter.WaitAsync(CancellationToken.None);

        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(47.9));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Identify_budget_spaces_identifies_by_max_concurrency_per_window()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(1, TimeSpan.FromSeconds(5), time);
        await limiter.WaitAsync(CancellationToken.None);

        var second = limiter.WaitAsync(CancellationToken.None);

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
