using ChatBot.Core.Coordination;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Runs this worker's gateway shards: works out the shard count (<c>Discord:Shards</c>, or what
/// <c>GET /gateway/bot</c> recommends), starts one <see cref="GatewayShard"/> per id in
/// <c>Discord:ShardIds</c>, and re-shards when Discord closes a shard with 4011 "sharding
/// required" and the count is <c>auto</c>. With a fixed count, 4011 is reported (log and
/// <c>/readyz</c>) instead: the operator must raise the count on every worker.
/// Across workers sharing the store: each shard runs under a lease (so two workers configured
/// for one shard never both identify it; the other stands by and takes over when the lease runs
/// out), and under <c>auto</c> the count is a shared number that only grows, so a 4011 seen by
/// one worker re-shards all of them.
/// </summary>
public sealed class DiscordGatewayClient(
    IdentifyGate gate,
    IOptions<DiscordOptions> options,
    IGatewayDispatchHandler dispatcher,
    DiscordBotIdentity identity,
    ILeaseStore leases,
    ISharedNumbers numbers,
    WorkerIdentity worker,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The bot's shard count under <c>auto</c>, agreed by every worker sharing the store.</summary>
    internal const string SharedShardCount = "discord:shard-count";

    /// <summary>How often a standby shard asks whether its lease was released, at most this far apart.</summary>
    private static readonly TimeSpan StandbyRecheck = TimeSpan.FromSeconds(5);

    private readonly DiscordOptions _options = options.Value;
    private readonly ILogger _logger = loggers.CreateLogger<DiscordGatewayClient>();
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private IReadOnlyList<GatewayShard> _shards = [];
    private ShardBalancer? _balancer;
    private string? _planProblem;
    private bool _planIsShardingProblem;
    private int _reshards;

    /// <summary>The bot's shard count in use (0 until known).</summary>
    public int ShardCount { get; private set; }

    /// <summary>How often this worker re-sharded after a 4011.</summary>
    public int Reshards => Volatile.Read(ref _reshards);

    /// <summary>This worker's shards, in id order.</summary>
    public IReadOnlyList<GatewayShard> Shards { get { lock (_lock) { return _shards; } } }

    /// <summary>
    /// All of this worker's shards at a glance: ready only when every shard is; stopped when every
    /// shard gave up (or the gateway could not start at all).
    /// </summary>
    public GatewayStatus Status
    {
        get
        {
            var shards = Shards;
            if (_stopped.Task.IsCompleted)
            {
                return GatewayStatus.Stopped;
            }
            if (shards.Count == 0)
            {
                return !_options.Gateway.Enabled || ExecuteTask is null ? GatewayStatus.Off : GatewayStatus.Connecting;
            }
            return shards.All(s => s.Status == GatewayStatus.Standby) ? GatewayStatus.Standby
                : shards.All(s => s.Status is GatewayStatus.Ready or GatewayStatus.Standby) ? GatewayStatus.Ready
                : shards.All(s => s.Status == GatewayStatus.Stopped) ? GatewayStatus.Stopped
                : shards.Any(s => s.Status == GatewayStatus.Waiting) ? GatewayStatus.Waiting
                : GatewayStatus.Connecting;
        }
    }

    /// <summary>Why the gateway (or its first stopped shard) stopped for good, or what a waiting shard waits for.</summary>
    public string? StopReason => _planProblem ?? Shards.Select(s => s.Exit?.Reason).FirstOrDefault(r => r is not null)
        ?? Shards.Select(s => s.WaitReason).FirstOrDefault(r => r is not null);

    /// <summary>True when the problem is this worker's shard configuration, which leaves guilds unserved until someone acts.</summary>
    public bool HasShardingProblem => _planIsShardingProblem || Shards.Any(s => GatewayClosePolicy.IsShardingProblem(s.Exit?.Code));

    /// <summary>Completes with the reason when every shard of this worker has given up.</summary>
    public Task<string> Stopped => _stopped.Task;

    public IReadOnlyList<ShardSnapshot> Snapshot() => Shards.Select(s => s.Snapshot()).ToList();

    /// <summary>With <c>Discord:ShardIds</c> unset: how this worker shares the shards with the others (null otherwise).</summary>
    public ShardBalancer? Balancer { get { lock (_lock) { return _balancer; } } }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Gateway.Enabled)
        {
            _logger.LogInformation("Discord gateway disabled (Discord:Gateway:Enabled=false); interactions come through POST /discord/interactions");
            return;
        }

        var fixedCount = _options.FixedShardCount;
        var failures = 0;
        var minimum = 1;
        while (!stoppingToken.IsCancellationRequested)
        {
            int count;
            try
            {
                var info = await gate.ReadAsync(fresh: true, stoppingToken);
                count = fixedCount ?? await AgreeOnCountAsync(Math.Max(Math.Max(1, info.Shards), minimum), stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DiscordApiException e) when (e.Status is System.Net.HttpStatusCode.Unauthorized)
            {
                GiveUp("Discord rejected the bot token (401 on /gateway/bot); check Discord:Token. Not reconnecting.", shardingProblem: false);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                _logger.LogWarning(e is HttpRequestException or DiscordApiException or GatewayProtocolException ? null : e,
                    "Discord gateway discovery (GET /gateway/bot) failed: {Error}; retrying", e.Message);
                await Task.Delay(RetryDelay(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var ids = _options.ShardIdSet.Within(count);
            ShardCount = count;
            if (ids.Count == 0)
            {
                // Only possible with "auto": a fixed count is checked against the ids at start-up.
                GiveUp($"Discord:ShardIds ({_options.ShardIdSet}) names no shard below the {count} Discord recommends, so this worker runs no gateway shard. Set Discord:ShardIds within 0-{count - 1}, or a fixed Discord:Shards.", shardingProblem: true);
                return;
            }
            if (_options.ShardIdSet.Max is { } highest && highest >= count)
            {
                _logger.LogWarning("Discord:ShardIds ({Ids}) names shards up to {Highest}, but Discord recommends {Count}: this worker runs only {Running}",
                    _options.ShardIdSet, highest, count, ShardIdSet.Describe(ids));
            }
            if (count > 1 || !_options.ShardIdSet.IsAll)
            {
                _logger.LogInformation("Discord gateway: {Count} shards in all ({Source}); this worker runs {Ids}",
                    count, fixedCount is null ? "recommended by Discord" : "Discord:Shards", ShardIdSet.Describe(ids));
            }

            Reshard? outcome;
            try
            {
                outcome = await RunShardsAsync(ids.Select(id => new ShardId(id, count)).ToList(), fixedCount is null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Nothing in one generation may end the gateway for good: plan the shards again.
                failures++;
                _logger.LogError(e, "Discord gateway: this worker's shards ended unexpectedly; planning them again");
                await Task.Delay(RetryDelay(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (outcome is not { } resharding)
            {
                break;
            }
            minimum = resharding.Minimum;
            Interlocked.Increment(ref _reshards);
            _logger.LogWarning("Discord gateway: {Reason}; re-reading the recommended shard count and restarting this worker's {Count} shards", resharding.Reason, ids.Count);
        }
    }

    /// <summary>Why the shards are re-planned, and the least count the new plan may use.</summary>
    private sealed record Reshard(string Reason, int Minimum);

    /// <summary>
    /// The count under <c>auto</c>: the larger of this worker's wish and what any worker sharing the
    /// store settled on, which this raises so the others follow (never lowers: a count that once
    /// drew 4011 must not come back).
    /// </summary>
    private async Task<int> AgreeOnCountAsync(int wanted, CancellationToken cancellationToken)
    {
        try
        {
            var agreed = (int)Math.Min(ShardIdSet.MaxShardId + 1, await numbers.RaiseAsync(SharedShardCount, wanted, time.GetUtcNow(), cancellationToken));
            if (agreed > wanted)
            {
                _logger.LogInformation("Discord gateway: another worker runs the bot with {Agreed} shards (Discord recommends {Wanted}); using {Agreed}", agreed, wanted, agreed);
            }
            return Math.Max(agreed, wanted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Discord gateway: the shared shard count could not be read ({Error}); using {Count} without the other workers' agreement", e.Message, wanted);
            return wanted;
        }
    }

    /// <returns>Why the shards must be re-planned (4011 under "auto", here or on another worker), or null when stopping or every shard gave up.</returns>
    private async Task<Reshard?> RunShardsAsync(IReadOnlyList<ShardId> ids, bool reshardOn4011, CancellationToken stoppingToken)
    {
        using var generation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var shards = ids.Select(id => new GatewayShard(id, gate, _options, dispatcher, identity, time, loggers.CreateLogger<GatewayShard>())).ToList();
        var count = ids[0].Count;
        // ShardIds unset: this worker shares every shard fairly with the other workers that leave it unset.
        var balancer = _options.ShardIdSet.IsAll
            ? new ShardBalancer(count, leases, worker, _options.Gateway.ShardLease, time, loggers.CreateLogger<ShardBalancer>())
            : null;
        lock (_lock)
        {
            _shards = shards;
            _balancer = balancer;
        }
        var balancing = balancer?.RunAsync(generation.Token) ?? Task.CompletedTask;
        Reshard? reshard = null;
        var running = shards.Select(async shard =>
        {
            var exit = await RunLeasedAsync(shard, balancer, generation.Token);
            if (exit is null)
            {
                return;
            }
            if (reshardOn4011 && exit.Code == GatewayCloseCode.ShardingRequired)
            {
                // Discord's recommendation may not have grown yet: doubling at least keeps the next
                // identify from drawing 4011 again. Raised in the store, so every worker follows.
                var minimum = count * 2;
                await RaiseSharedCountAsync(minimum, stoppingToken);
                Interlocked.CompareExchange(ref reshard, new Reshard($"{shard.Shard} was closed with 4011 (sharding required)", minimum), null);
                await generation.CancelAsync();
                return;
            }
            if (exit.Code == GatewayCloseCode.ShardingRequired)
            {
                exit = exit with { Reason = exit.Reason + await ShardingAdviceAsync(shard.Shard.Count, stoppingToken) };
            }
            shard.Stop(exit);
        }).ToList();
        var watching = reshardOn4011
            ? WatchSharedCountAsync(count, generation, r => Interlocked.CompareExchange(ref reshard, r, null))
            : Task.CompletedTask;
        await Task.WhenAll(running);
        // Every shard ended (stopping, re-sharding, or all gave up): nothing is left to re-plan.
        await generation.CancelAsync();
        await watching;
        await balancing;

        if (reshard is not null && !stoppingToken.IsCancellationRequested)
        {
            return reshard;
        }
        if (!stoppingToken.IsCancellationRequested && shards.All(s => s.Status == GatewayStatus.Stopped))
        {
            _stopped.TrySetResult(shards[0].Exit!.Reason);
        }
        return null;
    }

    private async Task RaiseSharedCountAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            await numbers.RaiseAsync(SharedShardCount, count, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Discord gateway: could not tell the other workers about the new shard count {Count} ({Error}); they re-shard when Discord closes their shards with 4011", count, e.Message);
        }
    }

    /// <summary>
    /// Ends the generation when another worker raised the shared count above <paramref name="count"/>
    /// (it saw 4011, or Discord now recommends more), so this worker re-plans with the new count.
    /// </summary>
    private async Task WatchSharedCountAsync(int count, CancellationTokenSource generation, Action<Reshard> reshard)
    {
        var every = _options.Gateway.ShardLease / 3;
        while (!generation.IsCancellationRequested)
        {
            await Task.Delay(every, time, generation.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (generation.IsCancellationRequested)
            {
                return;
            }
            try
            {
                if (await numbers.ReadAsync(SharedShardCount, generation.Token) is { } agreed && agreed > count)
                {
                    reshard(new Reshard($"another worker raised the bot's shard count from {count} to {agreed}", (int)Math.Min(agreed, ShardIdSet.MaxShardId + 1)));
                    await generation.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (generation.IsCancellationRequested)
            {
                // The generation ended (stopping, or re-sharding for another reason) mid-read.
                return;
            }
            catch (Exception e) when (!generation.IsCancellationRequested)
            {
                _logger.LogDebug("Discord gateway: reading the shared shard count failed ({Error}); trying again", e.Message);
            }
        }
    }

    private static string ShardLeaseName(ShardId shard) => $"discord:shard:{shard.Id}";

    /// <summary>
    /// Runs the shard while this worker holds its lease: takes the lease (or stands by while another
    /// worker holds it, until it runs out; when balancing, also while this worker runs its share),
    /// renews it while the session lives, ends the session when the lease is lost or the balancer
    /// hands the shard to another worker, and releases it then, on a clean stop, or when the shard gives up.
    /// </summary>
    /// <returns>Why the shard gave up, or null when cancelled.</returns>
    private async Task<ShardExit?> RunLeasedAsync(GatewayShard shard, ShardBalancer? balancer, CancellationToken cancellationToken)
    {
        var name = ShardLeaseName(shard.Shard);
        var lease = _options.Gateway.ShardLease;
        if (balancer is not null)
        {
            shard.Standby("waiting for the first look at the other workers (shard balancing)");
            await balancer.FirstView.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            if (balancer is not null && !await MayTakeAsync(shard, name, balancer, cancellationToken))
            {
                await Task.Delay(StandbyWait(lease, null), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            var tenure = new ShardTenure(time, lease);
            LeaseHolder held;
            try
            {
                held = await leases.TryAcquireAsync(name, worker.Name, lease, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                balancer?.Forget(shard.Shard.Id);
                // Without the store nobody can know who runs the shard: connecting anyway could make two sessions.
                shard.Standby($"waiting for the shared store to claim the shard ({e.Message})");
                _logger.LogWarning("Discord gateway {Shard}: the shard lease could not be taken ({Error}); retrying", shard.Shard, e.Message);
                await Task.Delay(lease / 3, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (held.Holder != worker.Name)
            {
                balancer?.Forget(shard.Shard.Id);
                StandBehind(shard, held, "taken over here if that lease runs out");
                // Asked again when the lease runs out, and now and then before: a clean stop releases
                // it early, and a standby worker should take over then, not a whole lease later.
                await Task.Delay(StandbyWait(lease, held.Remaining), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            tenure.Renewed(held);
            if (shard.LastHolder is { } previous)
            {
                _logger.LogInformation("Discord gateway {Shard}: taking over from {Holder}, whose lease ran out or was released", shard.Shard, previous);
                shard.LastHolder = null;
            }

            ShardExit? exit;
            var handOver = balancer?.HandOverToken(shard.Shard.Id) ?? CancellationToken.None;
            using (var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handOver))
            {
                var renewing = RenewAsync(shard.Shard, name, tenure, session);
                shard.Tenure = tenure;
                try
                {
                    exit = await shard.RunAsync(session.Token);
                }
                finally
                {
                    shard.Tenure = null;
                    await session.CancelAsync();
                    await renewing;
                }
            }
            if (exit is not null || cancellationToken.IsCancellationRequested)
            {
                balancer?.Forget(shard.Shard.Id);
                await ReleaseAsync(shard.Shard, name);
                return exit;
            }
            if (handOver.IsCancellationRequested)
            {
                // The session is closed: only now may another worker take the shard and identify it.
                balancer!.Forget(shard.Shard.Id);
                await ReleaseAsync(shard.Shard, name);
                shard.Standby($"handed to another worker to balance the shards ({balancer.Describe()})");
                _logger.LogInformation("Discord gateway {Shard}: session closed and lease released for a worker below its share", shard.Shard);
                continue;
            }
            // The lease was lost: stand by like any other worker until it is free again.
            balancer?.Forget(shard.Shard.Id);
        }
        balancer?.Forget(shard.Shard.Id);
        await ReleaseAsync(shard.Shard, name);
        return null;
    }

    /// <summary>
    /// With balancing: whether this worker may try for the shard now — below its share, or the shard
    /// stayed free for a whole lease. Otherwise the shard shows as standby, saying why.
    /// </summary>
    private async Task<bool> MayTakeAsync(GatewayShard shard, string name, ShardBalancer balancer, CancellationToken cancellationToken)
    {
        if (balancer.TryReserve(shard.Shard.Id, orphaned: false))
        {
            return true;
        }
        LeaseHolder? current;
        try
        {
            current = await leases.FindAsync(name, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            shard.Standby($"waiting for the shared store ({e.Message}); {balancer.Describe()}");
            return false;
        }
        var free = current is not { IsLive: true };
        if (balancer.NoteFree(shard.Shard.Id, free))
        {
            _logger.LogWarning("Discord gateway {Shard} has had no worker for a whole lease ({Lease}); taking it beyond this worker's share ({Plan})",
                shard.Shard, _options.Gateway.ShardLease, balancer.Describe());
            return balancer.TryReserve(shard.Shard.Id, orphaned: true);
        }
        if (free)
        {
            shard.Standby($"free, left to a worker below its share ({balancer.Describe()}); taken here if nobody takes it within {_options.Gateway.ShardLease.TotalSeconds:0} s");
        }
        else
        {
            StandBehind(shard, current!, balancer.Describe());
        }
        return false;
    }

    /// <summary>Shows the shard as run by another worker, logging once per holder.</summary>
    private void StandBehind(GatewayShard shard, LeaseHolder held, string note)
    {
        var reason = $"held by worker {(held.Holder.Length == 0 ? "(just released)" : held.Holder)} until {held.Until:u}; {note}";
        shard.Standby(reason);
        if (held.Holder != shard.LastHolder)
        {
            _logger.LogInformation("Discord gateway {Shard} is not identified by this worker ({Worker}): {Reason}", shard.Shard, worker.Name, reason);
            shard.LastHolder = held.Holder;
        }
    }

    /// <summary>How long a standby shard waits before asking again: until the holder's lease runs out, and at most a third of a lease or 5 s, with jitter.</summary>
    private static TimeSpan StandbyWait(TimeSpan lease, TimeSpan? remaining)
    {
        var ceiling = Math.Min((lease / 3).Ticks, StandbyRecheck.Ticks);
        var wait = TimeSpan.FromTicks(remaining is { } left ? Math.Min(left.Ticks, ceiling) : ceiling);
        wait += TimeSpan.FromMilliseconds(Random.Shared.Next(50, 500));
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(50);
    }

    /// <summary>
    /// Renews the shard's lease every third of its length; ends the session when it is lost or about
    /// to run out unrenewed. Before every identify or resume the shard confirms the lease too
    /// (<see cref="ShardTenure.ConfirmAsync"/>), so a worker that was paused past its lease learns
    /// it lost the shard before it speaks for it again.
    /// </summary>
    private async Task RenewAsync(ShardId shard, string name, ShardTenure tenure, CancellationTokenSource session)
    {
        var lease = _options.Gateway.ShardLease;
        var every = lease / 3;
        tenure.Confirm = async ct =>
        {
            var startedAt = time.GetTimestamp();
            var held = await leases.TryAcquireAsync(name, worker.Name, lease, ct);
            if (held.Holder == worker.Name)
            {
                tenure.Renewed(held, startedAt);
                return true;
            }
            _logger.LogError("Discord gateway {Shard}: worker {Holder} holds the shard's lease now; this worker does not identify or resume it", shard, held.Holder);
            return false;
        };
        while (!session.IsCancellationRequested)
        {
            await Task.Delay(every, time, session.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (session.IsCancellationRequested)
            {
                return;
            }
            var startedAt = time.GetTimestamp();
            try
            {
                var held = await leases.TryAcquireAsync(name, worker.Name, lease, session.Token);
                if (held.Holder == worker.Name)
                {
                    tenure.Renewed(held, startedAt);
                    continue;
                }
                _logger.LogError("Discord gateway {Shard}: worker {Holder} took the shard's lease (this worker could not renew it in time); closing this session so only one runs",
                    shard, held.Holder);
            }
            catch (Exception e) when (!session.IsCancellationRequested)
            {
                if (tenure.Remaining > every)
                {
                    _logger.LogWarning("Discord gateway {Shard}: renewing the shard lease failed ({Error}); it holds for {Remaining} more", shard, e.Message, tenure.Remaining);
                    continue;
                }
                _logger.LogError("Discord gateway {Shard}: the shard lease runs out in {Remaining} and cannot be renewed ({Error}); closing the session before another worker may take the shard",
                    shard, tenure.Remaining, e.Message);
            }
            await session.CancelAsync();
            return;
        }
    }

    private async Task ReleaseAsync(ShardId shard, string name)
    {
        try
        {
            // Not the stopping token: a clean stop is exactly when the release must still go out.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(name, worker.Name, timeout.Token);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Discord gateway {Shard}: releasing the shard lease failed ({Error}); another worker takes the shard when it runs out", shard, e.Message);
        }
    }

    private async Task<string> ShardingAdviceAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            var info = await gate.ReadAsync(fresh: true, cancellationToken);
            return $" Discord:Shards is {count}, Discord now recommends {info.Shards}: raise Discord:Shards on every worker (and their Discord:ShardIds), or set it to auto.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $" Discord:Shards is {count}: raise it on every worker (and their Discord:ShardIds), or set it to auto.";
        }
    }

    private void GiveUp(string reason, bool shardingProblem)
    {
        _planProblem = reason;
        _planIsShardingProblem = shardingProblem;
        _logger.LogCritical("{Reason}", reason);
        _stopped.TrySetResult(reason);
    }

    private TimeSpan RetryDelay(int failures)
    {
        var ceiling = TimeSpan.FromMilliseconds(Math.Min(_options.Gateway.ReconnectDelayMax.TotalMilliseconds, 250 * Math.Pow(2, failures)));
        return ceiling * Random.Shared.NextDouble();
    }
}
