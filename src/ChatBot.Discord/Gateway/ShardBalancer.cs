using System.Globalization;
using ChatBot.Core.Coordination;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Divides the bot's shards fairly among the workers that run with <c>Discord:ShardIds</c> unset.
/// Each such worker announces itself with a heartbeat lease (<c>discord:worker:&lt;name&gt;</c>,
/// renewed every third of <c>ShardLease</c>, so a dead worker drops out after one lease). Every
/// round it reads the live workers and the shard leases and works out its share: the shards that
/// no explicitly configured worker holds, divided by the live balancing workers, the remainder going
/// to the longest-running ones (so a newcomer takes shards only from the workers above their share,
/// and shares never swap between old workers). A worker takes a free shard only below its share,
/// and hands back (closes the session, then releases the lease) what it holds above it — only when
/// it saw the excess two rounds running and another worker is below its share, so a worker that
/// blinks in and out, or views that disagree for a moment, move nothing. A shard that stayed free
/// for a whole lease is taken by whoever sees it, share or not: no shard stays unowned for longer.
/// </summary>
public sealed class ShardBalancer
{
    /// <summary>The heartbeat leases of the balancing workers.</summary>
    internal const string WorkerPrefix = "discord:worker:";

    private const string ShardPrefix = "discord:shard:";

    /// <summary>Rounds in a row a worker must see itself above its share before it hands a shard back.</summary>
    private const int RoundsBeforeRelease = 2;

    private readonly int _count;
    private readonly ILeaseStore _leases;
    private readonly WorkerIdentity _worker;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<int> _mine = [];
    private readonly Dictionary<int, CancellationTokenSource> _handOvers = [];
    private readonly Dictionary<int, long> _freeSince = [];
    private readonly TaskCompletionSource _firstView = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _share;
    private int _liveWorkers;
    private int _excessRounds;
    private string _lastPlan = "";

    internal ShardBalancer(int count, ILeaseStore leases, WorkerIdentity worker, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        _count = count;
        _leases = leases;
        _worker = worker;
        _lease = lease;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once this worker announced itself and read the others (or the store failed once).</summary>
    public Task FirstView => _firstView.Task;

    /// <summary>This worker's fair share of the shards as last worked out.</summary>
    public int Share { get { lock (_lock) { return _share; } } }

    /// <summary>Balancing workers alive at the last round, this one included.</summary>
    public int LiveWorkers { get { lock (_lock) { return _liveWorkers; } } }

    /// <summary>Shards this worker runs or is taking now.</summary>
    public int Held { get { lock (_lock) { return _mine.Count; } } }

    /// <summary>For /readyz and logs: how the shards are divided as this worker sees it.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            return $"balancing: {_liveWorkers} live worker(s), this worker's share {_share} of {_count}, running {_mine.Count}";
        }
    }

    private string HeartbeatName => WorkerPrefix + _worker.Name;

    /// <summary>
    /// Reserves <paramref name="shard"/> for this worker when it is below its share, or when
    /// <paramref name="orphaned"/> (free for a whole lease). Call <see cref="Forget"/> when the
    /// lease then goes elsewhere or the session ends.
    /// </summary>
    internal bool TryReserve(int shard, bool orphaned)
    {
        lock (_lock)
        {
            if (_mine.Contains(shard))
            {
                return true;
            }
            if (_mine.Count >= _share && !orphaned)
            {
                return false;
            }
            _mine.Add(shard);
            _freeSince.Remove(shard);
            return true;
        }
    }

    /// <summary>The shard is not this worker's (any more).</summary>
    internal void Forget(int shard)
    {
        lock (_lock)
        {
            _mine.Remove(shard);
            if (_handOvers.Remove(shard, out var handOver))
            {
                handOver.Dispose();
            }
        }
    }

    /// <summary>A token cancelled when the balancer wants the running shard handed to another worker.</summary>
    internal CancellationToken HandOverToken(int shard)
    {
        lock (_lock)
        {
            if (!_handOvers.TryGetValue(shard, out var source))
            {
                source = new CancellationTokenSource();
                _handOvers[shard] = source;
            }
            return source.Token;
        }
    }

    /// <summary>
    /// Notes whether a shard this worker may not take (its share is full) was free when looked at.
    /// </summary>
    /// <returns>True once it has been free for a whole lease: take it anyway.</returns>
    internal bool NoteFree(int shard, bool free)
    {
        lock (_lock)
        {
            if (!free)
            {
                _freeSince.Remove(shard);
                return false;
            }
            var now = _time.GetTimestamp();
            if (!_freeSince.TryGetValue(shard, out var since))
            {
                _freeSince[shard] = now;
                return false;
            }
            return _time.GetElapsedTime(since, now) >= _lease;
        }
    }

    /// <summary>Announces this worker and re-plans every third of the lease until cancelled; withdraws the announcement on the way out.</summary>
    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await RoundAsync(cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Balancing is an optimisation over the leases, which alone keep one session per
                    // shard: a failed round must never take the gateway down.
                    _logger.LogError(e, "Discord shard balancing round failed; trying again");
                }
                await Task.Delay(_lease / 3, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping or re-sharding: a round cut short mid-query is simply over.
        }
        finally
        {
            _firstView.TrySetResult();
            try
            {
                // A clean stop leaves at once, so the others re-plan without waiting a lease.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _leases.ReleaseAsync(HeartbeatName, _worker.Name, timeout.Token);
            }
            catch (Exception e)
            {
                _logger.LogDebug("Discord shard balancing: withdrawing this worker's heartbeat failed ({Error}); it runs out after {Lease}", e.Message, _lease);
            }
        }
    }

    /// <summary>One round: heartbeat, read the live workers and shard holders, work out the share, hand back any excess.</summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<LeaseHolder> workers, shards;
        try
        {
            await _leases.TryAcquireAsync(HeartbeatName, _worker.Name, _lease, cancellationToken);
            workers = await _leases.ListLiveAsync(WorkerPrefix, cancellationToken);
            shards = await _leases.ListLiveAsync(ShardPrefix, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Keep the last plan: without the store nobody can take or hand over shards anyway.
            _logger.LogWarning("Discord shard balancing: the shared store could not be read ({Error}); keeping the last plan", e.Message);
            _firstView.TrySetResult();
            return;
        }

        var plan = Plan(workers, shards);
        var handOver = new List<(int Shard, CancellationTokenSource Source)>();
        lock (_lock)
        {
            _share = plan.Share;
            _liveWorkers = plan.LiveWorkers;
            var excess = _mine.Count - _share;
            _excessRounds = excess > 0 && plan.OthersShort > 0 ? _excessRounds + 1 : 0;
            if (_excessRounds >= RoundsBeforeRelease)
            {
                _excessRounds = 0;
                // Only running shards (with a session to close), highest ids first: deterministic, and
                // a newcomer's first shards are the ones it would get in a fresh start anyway.
                foreach (var shard in _handOvers.Keys.Where(_mine.Contains).OrderDescending().Take(Math.Min(excess, plan.OthersShort)))
                {
                    handOver.Add((shard, _handOvers[shard]));
                }
            }
        }
        var description = $"{plan.LiveWorkers} live worker(s), {plan.Balanced} shard(s) to share, this worker's share {plan.Share}";
        if (description != _lastPlan)
        {
            _logger.LogInformation("Discord shard balancing: {Plan}", description);
            _lastPlan = description;
        }
        foreach (var (shard, source) in handOver)
        {
            _logger.LogInformation("Discord shard balancing: handing shard {Shard} to a worker below its share ({Plan})", shard, description);
            try
            {
                await source.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The session ended on its own meanwhile: the shard is already free.
            }
        }
        _firstView.TrySetResult();
    }

    /// <summary>What this worker should run, from the live heartbeats and shard leases.</summary>
    internal BalancePlan Plan(IReadOnlyList<LeaseHolder> workers, IReadOnlyList<LeaseHolder> shards)
    {
        // Oldest first: the remainder of an uneven division goes to the workers that ran longest.
        var live = workers.Where(w => w.IsLive).OrderBy(w => w.Since).ThenBy(w => w.Holder, StringComparer.Ordinal).Select(w => w.Holder).Distinct().ToList();
        if (!live.Contains(_worker.Name))
        {
            live.Add(_worker.Name);
        }
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var heldElsewhere = 0;
        foreach (var lease in shards.Where(s => s.IsLive))
        {
            if (!int.TryParse(lease.Name.AsSpan(ShardPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= _count)
            {
                continue;
            }
            if (live.Contains(lease.Holder))
            {
                held[lease.Holder] = held.GetValueOrDefault(lease.Holder) + 1;
            }
            else
            {
                // Run by a worker with explicit ShardIds (or one whose heartbeat just ran out): not ours to share.
                heldElsewhere++;
            }
        }
        var balanced = Math.Max(0, _count - heldElsewhere);
        int ShareOf(int rank) => balanced / live.Count + (rank < balanced % live.Count ? 1 : 0);
        var free = balanced - held.Values.Sum();
        var shortfall = live.Select((w, rank) => Math.Max(0, ShareOf(rank) - held.GetValueOrDefault(w))).Sum();
        // Shortfalls that free shards will fill need nobody to hand anything over.
        return new BalancePlan(ShareOf(live.IndexOf(_worker.Name)), live.Count, balanced, Math.Max(0, shortfall - Math.Max(0, free)));
    }
}
