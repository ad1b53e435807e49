using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace ChatBot.Discord.Rest;

/// <summary>
/// Discord's rate limits as the response headers describe them: a map route → bucket id
/// (<c>X-RateLimit-Bucket</c>), per-bucket remaining/reset, the per-bot global limit, and the
/// waits 429 answers impose. Requests of one bucket go one at a time so "remaining" stays exact.
/// Every interaction has its own webhook bucket (keyed by its token), so buckets are swept:
/// idle ones are forgotten, and none keyed by a token outlives the token's 15 minutes.
/// </summary>
internal sealed class DiscordRateLimiter : IDisposable
{
    /// <summary>A bucket nobody used for this long (and that imposes no wait) is forgotten.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    /// <summary>Interaction tokens expire after 15 minutes; nothing keyed by one is kept longer.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly int _globalPerSecond;
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new();
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly Queue<DateTimeOffset> _globalWindow = new();
    private readonly Lock _globalLock = new();
    private readonly ITimer _sweeper;
    private DateTimeOffset _globalBlockedUntil;

    public DiscordRateLimiter(TimeProvider time, int globalPerSecond)
    {
        _time = time;
        _globalPerSecond = globalPerSecond;
        // A timer, not a sweep on the next request: tokens must go even when traffic stops.
        _sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public int BucketCount => _buckets.Count;

    /// <summary>Every key held (for tests: none may carry a token past its lifetime).</summary>
    internal IEnumerable<string> Keys => _buckets.Keys.Concat(_bucketOfRoute.Keys).Concat(_bucketOfRoute.Values);

    public void Dispose() => _sweeper.Dispose();

    internal void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _buckets)
        {
            if (entry.Value.Forgettable(now))
            {
                // Only this exact bucket: a fresh one created meanwhile under the same key stays.
                _buckets.TryRemove(entry);
            }
        }
    }

    /// <summary>Waits until the route may be called; dispose the lease when the response was recorded.</summary>
    public async Task<IDisposable> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = bucket.WaitNeeded(_time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
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
        var now = _time.GetUtcNow();
        // Keyed by the template (no ids, no tokens): a bucket hash applies to the route for every resource.
        if (Header(headers, "X-RateLimit-Bucket") is { } bucketId && bucketId.Length <= 64 && _bucketOfRoute.GetValueOrDefault(route.Template) != bucketId)
        {
            _bucketOfRoute[route.Template] = bucketId;
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
        var until = _time.GetUtcNow() + retryAfter;
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
        var bucketId = _bucketOfRoute.GetValueOrDefault(route.Template) ?? route.Template;
        var now = _time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(bucketId + "|" + route.MajorParameter, static (_, state) => new Bucket(state.now, state.route.CarriesToken), (now, route));
        bucket.Touch(now);
        return bucket;
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
                var now = _time.GetUtcNow();
                while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _globalWindow.Dequeue();
                }
                wait = _globalBlockedUntil > now ? _globalBlockedUntil - now : TimeSpan.Zero;
                if (wait == TimeSpan.Zero && _globalWindow.Count >= _globalPerSecond)
                {
                    wait = _globalWindow.Peek() + TimeSpan.FromSeconds(1) - now;
                }
                if (wait <= TimeSpan.Zero)
                {
                    _globalWindow.Enqueue(now);
                    return;
                }
            }
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? Number(HttpResponseHeaders headers, string name) =>
        double.TryParse(Header(headers, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private sealed class Bucket(DateTimeOffset created, bool carriesToken)
    {
        private readonly Lock _lock = new();
        private int _remaining = 1;
        private DateTimeOffset _resetAt;
        private readonly DateTimeOffset _created = created;
        private DateTimeOffset _lastUsed = created;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Touch(DateTimeOffset now)
        {
            lock (_lock)
            {
                _lastUsed = now;
            }
        }

        /// <summary>Its token is dead, or nobody used it for a while and it imposes no wait.</summary>
        public bool Forgettable(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (carriesToken && now - _created >= TokenLifetime)
                {
                    return true;
                }
                return Gate.CurrentCount == 1 && now - _lastUsed >= IdleAfter && (_remaining > 0 || now >= _resetAt);
            }
        }

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
