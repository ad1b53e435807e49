using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace ChatBot.Discord.Rest;

/// <summary>
/// Discord's rate limits as the response headers describe them: a map route → bucket id
/// (<c>X-RateLimit-Bucket</c>), per-bucket remaining/reset, the per-bot global limit, and the
/// waits 429 answers impose. Requests of one bucket go one at a time so "remaining" stays exact.
/// </summary>
internal sealed class DiscordRateLimiter(TimeProvider time, int globalPerSecond)
{
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new();
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly Queue<DateTimeOffset> _globalWindow = new();
    private readonly Lock _globalLock = new();
    private DateTimeOffset _globalBlockedUntil;

    /// <summary>Waits until the route may be called; dispose the lease when the response was recorded.</summary>
    public async Task<IDisposable> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = bucket.WaitNeeded(time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            await WaitGlobalAsync(route, cancellationToken);
            return new Lease(bucket);
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    public void Record(DiscordRoute route, HttpResponseHeaders headers)
    {
        var now = time.GetUtcNow();
        if (Header(headers, "X-RateLimit-Bucket") is { } bucketId && _bucketOfRoute.GetValueOrDefault(route.RateLimitKey) != bucketId)
        {
            _bucketOfRoute[route.RateLimitKey] = bucketId;
        }

        var bucket = BucketFor(route);
        var remaining = Number(headers, "X-RateLimit-Remaining");
        var resetAfter = Number(headers, "X-RateLimit-Reset-After");
        if (remaining is not null && resetAfter is not null)
        {
            bucket.Update((int)remaining.Value, now + TimeSpan.FromSeconds(resetAfter.Value));
        }
    }

    /// <summary>A 429: block the bucket (or everything, when global) for <paramref name="retryAfter"/>.</summary>
    public void RecordTooManyRequests(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        var until = time.GetUtcNow() + retryAfter;
        if (global)
        {
            lock (_globalLock)
            {
                if (until > _globalBlockedUntil)
                {
                    _globalBlockedUntil = until;
                }
            }
        }
        else
        {
            BucketFor(route).Update(0, until);
        }
    }

    private Bucket BucketFor(DiscordRoute route)
    {
        // Until Discord named the bucket, the route itself is the bucket.
        var bucketId = _bucketOfRoute.GetValueOrDefault(route.RateLimitKey) ?? route.RateLimitKey;
        return _buckets.GetOrAdd(bucketId + "|" + route.MajorParameter, static _ => new Bucket());
    }

    private async Task WaitGlobalAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        // Interaction callbacks and webhook routes are exempt from the global limit.
        if (!route.Authenticated)
        {
            return;
        }
        while (true)
        {
            TimeSpan wait;
            lock (_globalLock)
            {
                var now = time.GetUtcNow();
                while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _globalWindow.Dequeue();
                }
                wait = _globalBlockedUntil > now ? _globalBlockedUntil - now : TimeSpan.Zero;
                if (wait == TimeSpan.Zero && _globalWindow.Count >= globalPerSecond)
                {
                    wait = _globalWindow.Peek() + TimeSpan.FromSeconds(1) - now;
                }
                if (wait <= TimeSpan.Zero)
                {
                    _globalWindow.Enqueue(now);
                    return;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? Number(HttpResponseHeaders headers, string name) =>
        double.TryParse(Header(headers, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private sealed class Bucket
    {
        private readonly Lock _lock = new();
        private int _remaining = 1;
        private DateTimeOffset _resetAt;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TimeSpan WaitNeeded(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_remaining > 0 || now >= _resetAt)
                {
                    return TimeSpan.Zero;
                }
                return _resetAt - now;
            }
        }

        public void Update(int remaining, DateTimeOffset resetAt)
        {
            lock (_lock)
            {
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }
    }

    private sealed class Lease(Bucket bucket) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bucket.Gate.Release();
            }
        }
    }
}
