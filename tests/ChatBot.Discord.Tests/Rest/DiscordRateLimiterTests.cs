using System.Net.Http.Headers;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Rest;

public sealed class DiscordRateLimiterTests
{
    private static readonly DiscordRoute Messages = new(HttpMethod.Post, "channels/111111111111/messages");
    private static readonly DiscordRoute OtherChannel = new(HttpMethod.Post, "channels/999999999999/messages");
    private static readonly DiscordRoute Typing = new(HttpMethod.Post, "channels/111111111111/typing");

    private static HttpResponseHeaders Headers(int remaining, double resetAfter, string bucket)
    {
        var headers = new HttpResponseMessage().Headers;
        headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add("X-RateLimit-Reset-After", resetAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add("X-RateLimit-Bucket", bucket);
        return headers;
    }

    [Fact]
    public async Task Exhausted_bucket_waits_until_reset_and_other_channels_are_unaffected()
    {
        var time = new FakeTimeProvider();
        var limiter = new DiscordRateLimiter(time, 50);
        using (await limiter.AcquireAsync(Messages, CancellationToken.None))
        {
            limiter.Record(Messages, Headers(0, 2.5, "b1"));
        }

        var blocked = limiter.AcquireAsync(Messages, CancellationToken.None);
        var other = limiter.AcquireAsync(OtherChannel, CancellationToken.None);

        Assert.True(other.IsCompleted, "another channel has its own bucket");
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.6));
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task Global_429_blocks_every_authenticated_route_until_retry_after()
    {
        var time = new FakeTimeProvider();
        var limiter = new DiscordRateLimiter(time, 50);

        limiter.RecordTooManyRequests(Messages, TimeSpan.FromSeconds(1), global: true);
        var typing = limiter.AcquireAsync(Typing, CancellationToken.None);
        var webhook = limiter.AcquireAsync(new DiscordRoute(HttpMethod.Post, "webhooks/1/t", Authenticated: false), CancellationToken.None);

        Assert.False(typing.IsCompleted);
        Assert.True(webhook.IsCompleted, "interaction webhooks are not under the global limit");
        time.Advance(TimeSpan.FromSeconds(1.1));
        (await typing.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Global_limit_allows_at_most_the_configured_requests_per_second()
    {
        var time = new FakeTimeProvider();
        var limiter = new DiscordRateLimiter(time, 3);
        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync(new DiscordRoute(HttpMethod.Post, $"channels/{100000000000 + i}/typing"), CancellationToken.None)).Dispose();
        }

        var fourth = limiter.AcquireAsync(Typing, CancellationToken.None);

        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        (await fourth.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Routes_sharing_a_bucket_id_share_its_limit()
    {
        var time = new FakeTimeProvider();
        var limiter = new DiscordRateLimiter(time, 50);
        var edit = new DiscordRoute(HttpMethod.Patch, "channels/111111111111/messages/222222222222");
        using (await limiter.AcquireAsync(Messages, CancellationToken.None))
        {
            limiter.Record(Messages, Headers(4, 1, "shared"));
        }
        using (await limiter.AcquireAsync(edit, CancellationToken.None))
        {
            // Discord names the same bucket for the edit route: from now on they are one bucket.
            limiter.Record(edit, Headers(0, 1, "shared"));
        }

        var next = limiter.AcquireAsync(Messages, CancellationToken.None);

        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    private static DiscordRoute Webhook(string token) => new(HttpMethod.Patch, $"webhooks/900000000000000002/{token}/messages/@original", Authenticated: false);

    [Fact]
    public async Task Per_interaction_buckets_are_forgotten_when_idle_and_keep_no_token()
    {
        var time = new FakeTimeProvider();
        using var limiter = new DiscordRateLimiter(time, 50);
        for (var i = 0; i < 20_000; i++)
        {
            var route = Webhook($"token-{i}");
            using (await limiter.AcquireAsync(route, CancellationToken.None))
            {
                limiter.Record(route, Headers(4, 1, "webhook-bucket"));
            }
        }
        Assert.True(limiter.BucketCount >= 20_000);

        time.Advance(DiscordRateLimiter.IdleAfter + DiscordRateLimiter.SweepInterval);

        Assert.Equal(0, limiter.BucketCount);
        Assert.DoesNotContain(limiter.Keys, k => k.Contains("token-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_bucket_in_constant_use_is_still_dropped_when_the_token_expires()
    {
        var time = new FakeTimeProvider();
        using var limiter = new DiscordRateLimiter(time, 50);
        var route = Webhook("busy-token");
        for (var minute = 0; minute < 15; minute++)
        {
            using (await limiter.AcquireAsync(route, CancellationToken.None))
            {
                limiter.Record(route, Headers(4, 1, "webhook-bucket"));
            }
            Assert.Contains(limiter.Keys, k => k.Contains("busy-token", StringComparison.Ordinal));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        time.Advance(DiscordRateLimiter.SweepInterval);

        Assert.DoesNotContain(limiter.Keys, k => k.Contains("busy-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idle_bucket_that_still_imposes_a_wait_is_kept()
    {
        var time = new FakeTimeProvider();
        using var limiter = new DiscordRateLimiter(time, 50);
        using (await limiter.AcquireAsync(Messages, CancellationToken.None))
        {
            limiter.Record(Messages, Headers(0, 600, "b1"));
        }

        time.Advance(DiscordRateLimiter.IdleAfter + DiscordRateLimiter.SweepInterval);

        var blocked = limiter.AcquireAsync(Messages, CancellationToken.None);
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
