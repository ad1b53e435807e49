using System.Collections.Concurrent;
using ChatBot.Core.Coordination;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// What every shard shares before it identifies: the <c>GET /gateway/bot</c> answer (gateway
/// url, recommended count, session start limit) and the identify rate limit — one identify per
/// <c>shard_id % max_concurrency</c> bucket per window (Discord: 5 s). The limit is the bot's,
/// not the worker's: each bucket is also a lease in the shared store, held for one window by the
/// identify that took it, so workers sharing the store never identify in one bucket at once.
/// </summary>
public sealed class IdentifyGate(
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    ILeaseStore leases,
    WorkerIdentity worker,
    TimeProvider time,
    ILogger<IdentifyGate> logger)
{
    /// <summary>The shortest wait before asking for a bucket again (clocks of workers differ slightly).</summary>
    private static readonly TimeSpan MinBucketWait = TimeSpan.FromMilliseconds(50);

    // Long enough for a budget read and a send on a slow link; a worker that dies in between
    // blocks its bucket for at most this much longer.
    private static readonly TimeSpan IdentifyHold = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an unspent answer may stand in for a fresh read: other workers of the bot spend
    /// from the same daily budget, so an old "remaining" says little.
    /// </summary>
    private static readonly TimeSpan UnspentFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, SlidingWindowLimiter> _buckets = new();

    // Reading the budget and spending it happen under one lock, so two shards never both spend the last identify.
    private readonly SemaphoreSlim _spend = new(1, 1);
    private readonly Lock _lock = new();
    private GatewayBotInfo? _unspent;
    private DateTimeOffset _unspentAt;
    private GatewayBotInfo? _last;
    private long _identifyAttempts;

    /// <summary>The last answer of <c>GET /gateway/bot</c>, if any.</summary>
    public GatewayBotInfo? Last { get { lock (_lock) { return _last; } } }

    /// <summary>
    /// <c>GET /gateway/bot</c>, unless an answer that no identify has spent yet is at hand: every
    /// identify spends from a daily budget, so it is re-read before each one rather than trusted from start-up.
    /// </summary>
    /// <param name="fresh">Read even if an unspent answer is at hand (the recommended count may have changed).</param>
    public async Task<GatewayBotInfo> ReadAsync(bool fresh, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!fresh && _unspent is { } unspent && time.GetUtcNow() - _unspentAt < UnspentFor)
            {
                return unspent;
            }
        }
        var info = await rest.GetGatewayBotAsync(cancellationToken);
        if (info is null || !Uri.TryCreate(info.Url, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
        {
            throw new GatewayProtocolException("GET /gateway/bot returned no usable gateway url");
        }
        if (info.SessionStartLimit is { } limit)
        {
            logger.LogDebug("Discord session start limit: {Remaining} of {Total} identifies left, max_concurrency {MaxConcurrency}", limit.Remaining, limit.Total, limit.MaxConcurrency);
        }
        lock (_lock)
        {
            _unspent = info;
            _unspentAt = time.GetUtcNow();
            _last = info;
        }
        return info;
    }

    /// <summary>Waits for the shard's identify bucket, checks the budget and sends the identify through <paramref name="identify"/>.</summary>
    /// <exception cref="SessionStartLimitException">No identifies left today.</exception>
    public async Task IdentifyAsync(ShardId shard, Func<CancellationToken, Task> identify, CancellationToken cancellationToken)
    {
        var concurrency = Math.Max(1, Last?.SessionStartLimit?.MaxConcurrency ?? 1);
        var key = shard.RateLimitKey(concurrency);
        var bucket = _buckets.GetOrAdd(key, _ => new SlidingWindowLimiter(1, options.Value.Gateway.IdentifyWindow, time));
        // This worker's own limiter first: its shards queue here without a round trip to the store.
        await bucket.WaitAsync(cancellationToken);
        var shared = await TakeSharedBucketAsync(shard, key, cancellationToken);
        await _spend.WaitAsync(cancellationToken);
        try
        {
            var info = await ReadAsync(fresh: false, cancellationToken);
            if (info.SessionStartLimit is { Remaining: <= 0 } limit)
            {
                throw new SessionStartLimitException(limit);
            }
            await identify(cancellationToken);
            lock (_lock)
            {
                _unspent = null;
            }
        }
        finally
        {
            if (shared is { } bucketLease)
            {
                // The window counts from the identify itself, not from when the bucket was taken
                // (reading the budget in between takes a round trip to Discord); a failed attempt
                // may have reached Discord, so it counts too.
                await ExtendSharedBucketAsync(bucketLease.Name, bucketLease.Holder);
            }
            _spend.Release();
        }
    }

    /// <summary>Waits until this identify holds bucket <paramref name="key"/> for one window across all workers.</summary>
    /// <returns>The bucket's lease, or null when the store could not be asked.</returns>
    private async Task<LeaseHolder?> TakeSharedBucketAsync(ShardId shard, int key, CancellationToken cancellationToken)
    {
        var name = $"discord:identify-bucket:{key}";
        // Every identify is its own holder: even this worker must not take the bucket twice in a window.
        var holder = $"{worker.Name}/{shard}/{Interlocked.Increment(ref _identifyAttempts)}";
        var window = options.Value.Gateway.IdentifyWindow;
        while (true)
        {
            LeaseHolder lease;
            try
            {
                // Held past the window until the identify is sent: if the budget read or the send
                // outlasts one window, another worker would otherwise identify in the same window.
                // The hold is cut back to one window from the identify once it has gone out.
                lease = await leases.TryAcquireAsync(name, holder, window + IdentifyHold, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Without the store only this worker's limiter applies; Discord answers a collision
                // with op 9, which the shard waits out and retries, so the bot degrades, not stops.
                logger.LogWarning("Discord identify bucket {Bucket}: the shared store is unavailable ({Error}); {Shard} identifies on this worker's limit alone",
                    key, e.Message, shard);
                return null;
            }
            if (lease.Holder == holder)
            {
                return lease;
            }
            var wait = lease.Remaining;
            logger.LogDebug("Discord {Shard} waits {Wait} for identify bucket {Bucket}, taken by {Holder}", shard, wait, key, lease.Holder);
            // Never longer than one window: a holder still before its identify holds the bucket
            // for IdentifyHold, and cuts it back to one window once the identify has gone out.
            wait = wait > window ? window : wait;
            await Task.Delay(wait > MinBucketWait ? wait : MinBucketWait, time, cancellationToken);
        }
    }

    private async Task ExtendSharedBucketAsync(string name, string holder)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.TryAcquireAsync(name, holder, options.Value.Gateway.IdentifyWindow, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogDebug("Discord identify bucket {Bucket}: extending its window failed ({Error})", name, e.Message);
        }
    }
}
