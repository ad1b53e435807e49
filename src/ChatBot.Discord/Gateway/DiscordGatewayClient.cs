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
/// </summary>
public sealed class DiscordGatewayClient(
    IdentifyGate gate,
    IOptions<DiscordOptions> options,
    IGatewayDispatchHandler dispatcher,
    DiscordBotIdentity identity,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly DiscordOptions _options = options.Value;
    private readonly ILogger _logger = loggers.CreateLogger<DiscordGatewayClient>();
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private IReadOnlyList<GatewayShard> _shards = [];
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
            return shards.All(s => s.Status == GatewayStatus.Ready) ? GatewayStatus.Ready
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
                count = fixedCount ?? Math.Max(Math.Max(1, info.Shards), minimum);
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

            var outcome = await RunShardsAsync(ids.Select(id => new ShardId(id, count)).ToList(), fixedCount is null, stoppingToken);
            if (outcome is not { } resharding)
            {
                break;
            }
            // Discord closed with 4011: the count it recommends has grown. A recommendation that has not
            // (yet) grown is doubled instead, or every identify would be closed with 4011 again.
            minimum = count * 2;
            Interlocked.Increment(ref _reshards);
            _logger.LogWarning("Discord gateway: {Reason}; re-reading the recommended shard count and restarting this worker's {Count} shards", resharding, ids.Count);
        }
    }

    /// <returns>Why the shards must be re-planned (4011 under "auto"), or null when stopping or every shard gave up.</returns>
    private async Task<string?> RunShardsAsync(IReadOnlyList<ShardId> ids, bool reshardOn4011, CancellationToken stoppingToken)
    {
        using var generation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var shards = ids.Select(id => new GatewayShard(id, gate, _options, dispatcher, identity, time, loggers.CreateLogger<GatewayShard>())).ToList();
        lock (_lock)
        {
            _shards = shards;
        }
        string? reshard = null;
        var running = shards.Select(async shard =>
        {
            var exit = await shard.RunAsync(generation.Token);
            if (exit is null)
            {
                return;
            }
            if (reshardOn4011 && exit.Code == GatewayCloseCode.ShardingRequired)
            {
                Interlocked.CompareExchange(ref reshard, $"{shard.Shard} was closed with 4011 (sharding required)", null);
                await generation.CancelAsync();
                return;
            }
            if (exit.Code == GatewayCloseCode.ShardingRequired)
            {
                exit = exit with { Reason = exit.Reason + await ShardingAdviceAsync(shard.Shard.Count, stoppingToken) };
            }
            shard.Stop(exit);
        }).ToList();
        await Task.WhenAll(running);

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
