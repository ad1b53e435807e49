using ChatBot.Core.Coordination;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// Several workers of one bot sharing a PostgreSQL store, in one process, on one fake Discord that
/// tags each worker's connections: a shard named in two workers' <c>Discord:ShardIds</c> is run by
/// the one holding its lease, the other stands by and takes over when it is released or runs out,
/// a worker whose lease is taken closes its session, and a 4011 seen by one worker re-shards all.
/// </summary>
public sealed class ShardLeaseTests : IAsyncLifetime
{
    private const string Lease = "00:00:03";

    private readonly List<DiscordTestHost> _workers = [];
    private FakeDiscord _fake = null!;
    private TestStores _stores = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _fake.IdentifyWindow = TimeSpan.FromMilliseconds(200);
        _stores = await TestStores.CreateAsync(TestStores.Postgres);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
        await _fake.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private async Task<DiscordTestHost> StartWorkerAsync(string name, string? shardIds, string shards = "auto", string lease = Lease)
    {
        var worker = await DiscordTestHost.StartAsync(_fake, new Dictionary<string, string?>
        {
            ["ChatBot:Store:Provider"] = "postgres",
            ["ConnectionStrings:ChatBot"] = _stores.ConnectionString,
            ["Discord:ApiBaseUrl"] = _fake.ApiBaseUrlFor(name),
            ["Discord:Shards"] = shards,
            ["Discord:ShardIds"] = shardIds,
            ["Discord:Gateway:ShardLease"] = lease,
            ["Discord:Gateway:IdentifyWindow"] = "00:00:00.400",
        });
        _workers.Add(worker);
        return worker;
    }

    private ILeaseStore Leases => _stores.Open(TimeProvider.System);

    /// <summary>Each of the first <paramref name="count"/> shards has exactly one ready session.</summary>
    private Task OneSessionPerShardAsync(int count, string what) =>
        _fake.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return ready.Count == count && Enumerable.Range(0, count).All(shard => ready.Count(c => c.Session!.ShardId == shard && c.Session.ShardCount == count) == 1);
        }, what, 60_000);

    private static async Task<HealthReportEntry> GatewayHealthAsync(DiscordTestHost worker) =>
        (await worker.Service<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("discord"))).Entries["discord-gateway"];

    private string WorkerOfShard(int shard) => _fake.ReadyConnections().Single(c => c.Session!.ShardId == shard).Worker!;

    [Fact]
    public async Task Two_workers_racing_for_an_overlapping_shard_identify_it_once_and_the_other_reports_standby()
    {
        var a = StartWorkerAsync("a", "0-1", shards: "3");
        var b = StartWorkerAsync("b", "1-2", shards: "3");
        var workers = await Task.WhenAll(a, b);

        await OneSessionPerShardAsync(3, "shards 0, 1 and 2 once each");
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than a lease: nobody takes shard 1 a second time
        Assert.Equal(1, _fake.Identified.Count(i => i.ShardId == 1));
        Assert.Equal(3, _fake.Identified.Count);
        Assert.Equal("a", WorkerOfShard(0));
        Assert.Equal("b", WorkerOfShard(2));

        var holder = WorkerOfShard(1) == "a" ? workers[0] : workers[1];
        var standby = holder == workers[0] ? workers[1] : workers[0];
        var waiting = Assert.Single(standby.Gateway.Shards, s => s.Shard.Id == 1);
        Assert.Equal(GatewayStatus.Standby, waiting.Status);
        Assert.Contains(holder.Service<WorkerIdentity>().Name, waiting.WaitReason);
        var health = await GatewayHealthAsync(standby);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.StartsWith("standby: held by worker " + holder.Service<WorkerIdentity>().Name, (string)health.Data["shard 1/3"]);
        Assert.Contains("on standby for 1", health.Description);
        Assert.Contains(standby.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("shard 1/3 is not identified by this worker", StringComparison.Ordinal));
        Assert.Equal(GatewayStatus.Ready, holder.Gateway.Status);
        using var http = new HttpClient { BaseAddress = standby.BaseAddress };
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("chatbot_discord_shard_standby{shard=\"1\"} 1\n", metrics);
        Assert.Contains("chatbot_discord_shard_up{shard=\"1\"} 0\n", metrics);
    }

    [Fact]
    public async Task A_clean_stop_releases_the_shard_and_the_standby_worker_takes_it_over_at_once()
    {
        // Leases of five minutes: a take-over within the test can only come from the release.
        var first = await StartWorkerAsync("a", "0-1", shards: "2", lease: "00:05:00");
        await OneSessionPerShardAsync(2, "worker a runs both shards");
        var second = await StartWorkerAsync("b", "0-1", shards: "2", lease: "00:05:00");
        await _fake.WaitUntilAsync(() => second.Gateway.Status == GatewayStatus.Standby, "worker b on standby for both");

        await first.DisposeAsync();
        _workers.Remove(first);

        await _fake.WaitUntilAsync(d => d.ReadyConnections().Count(c => c.Worker == "b") == 2, "worker b to take both shards over", 60_000);
        Assert.Equal(4, _fake.Identified.Count); // each shard once by a, once by b
        Assert.DoesNotContain(_fake.ReadyConnections(), c => c.Worker == "a");
        await _fake.WaitUntilAsync(() => second.Gateway.Status == GatewayStatus.Ready, "worker b to see both READY");
    }

    /// <summary>How many ready sessions each worker has, largest first.</summary>
    private IReadOnlyList<int> SessionsPerWorker() =>
        _fake.ReadyConnections().GroupBy(c => c.Worker).Select(g => g.Count()).OrderDescending().ToList();

    [Fact]
    public async Task Workers_with_ShardIds_unset_share_the_shards_fairly_without_flapping_and_survivors_take_a_stopped_workers_shards()
    {
        // Three workers started at the same instant, none told which shards to run.
        var workers = await Task.WhenAll(StartWorkerAsync("a", null, shards: "4"), StartWorkerAsync("b", null, shards: "4"), StartWorkerAsync("c", null, shards: "4"));

        await _fake.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return ready.Count == 4 && Enumerable.Range(0, 4).All(shard => ready.Count(c => c.Session!.ShardId == shard) == 1) && SessionsPerWorker().SequenceEqual([2, 1, 1]);
        }, "four shards spread 2/1/1 over three workers", 90_000);

        // Settled: several leases later nothing has moved (no shard handed back and forth).
        var identifies = _fake.Identified.Count;
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(identifies, _fake.Identified.Count);
        Assert.Equal([2, 1, 1], SessionsPerWorker());
        Assert.All(workers, w => Assert.Equal(3, w.Gateway.Balancer!.LiveWorkers));
        Assert.Equal([2, 1, 1], workers.Select(w => w.Gateway.Balancer!.Share).OrderDescending());

        var busiestName = _fake.ReadyConnections().GroupBy(c => c.Worker).Single(g => g.Count() == 2).Key!;
        var busiest = workers["abc".IndexOf(busiestName, StringComparison.Ordinal)];
        using (var http = new HttpClient { BaseAddress = busiest.BaseAddress })
        {
            var metrics = await http.GetStringAsync("metrics");
            Assert.Contains("chatbot_discord_balance_live_workers 3\n", metrics);
            Assert.Contains("chatbot_discord_balance_share 2\n", metrics);
            Assert.Equal(2, metrics.Split('\n').Count(l => l.StartsWith("chatbot_discord_shard_standby{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)));
        }
        var health = await GatewayHealthAsync(busiest);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("balancing: 3 live worker(s), this worker's share 2 of 4, running 2", health.Description);

        // The busiest worker stops: the two survivors end with two shards each, each shard run once.
        var stopped = _fake.ReadyConnections().Where(c => c.Worker == busiestName).ToList();
        await busiest.DisposeAsync();
        _workers.Remove(busiest);
        await _fake.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return ready.Count == 4 && Enumerable.Range(0, 4).All(shard => ready.Count(c => c.Session!.ShardId == shard) == 1) && SessionsPerWorker().SequenceEqual([2, 2]);
        }, "the stopped worker's shards taken over, 2/2", 90_000);
        Assert.All(stopped, c => Assert.True(c.Closed));

        // A newcomer is handed shards by the workers above their share: 2/1/1 again.
        var newcomer = await StartWorkerAsync("d", null, shards: "4");
        await _fake.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return ready.Count == 4 && Enumerable.Range(0, 4).All(shard => ready.Count(c => c.Session!.ShardId == shard) == 1)
                && SessionsPerWorker().SequenceEqual([2, 1, 1]) && ready.Any(c => c.Worker == "d");
        }, "the newcomer handed a shard, 2/1/1", 90_000);
        Assert.Contains(workers.Where(w => w != busiest).SelectMany(w => w.Logs.Entries), e => e.Message.Contains("handing shard", StringComparison.Ordinal));
        Assert.Equal(1, newcomer.Gateway.Balancer!.Share);
    }

    [Fact]
    public async Task A_dead_workers_shard_is_taken_over_only_after_its_lease_runs_out()
    {
        // A worker that was killed left its claim on shard 0 behind, valid a few seconds more.
        var until = TimeProvider.System.GetUtcNow().AddSeconds(8);
        var dead = await Leases.TryAcquireAsync("discord:shard:0", "killed-worker:1234:abcdef", TimeSpan.FromSeconds(8), default);
        Assert.Equal("killed-worker:1234:abcdef", dead.Holder);

        var worker = await StartWorkerAsync("a", null, shards: "1");
        await _fake.WaitUntilAsync(() => worker.Gateway.Status == GatewayStatus.Standby && worker.Gateway.StopReason?.Contains("killed-worker:1234:abcdef", StringComparison.Ordinal) == true,
            "the shard on standby behind the dead worker's lease");
        Assert.Empty(_fake.Identified);

        await OneSessionPerShardAsync(1, "the shard taken over after the lease");
        Assert.True(_fake.Identified.Single().At >= until.AddMilliseconds(-500), "identified before the dead worker's lease ran out");
        Assert.Contains(worker.Logs.Entries, e => e.Message.Contains("taking over from killed-worker:1234:abcdef", StringComparison.Ordinal));
        var lease = await Leases.FindAsync("discord:shard:0", default);
        Assert.Equal(worker.Service<WorkerIdentity>().Name, lease!.Holder);
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_closes_its_session_and_stands_by()
    {
        var worker = await StartWorkerAsync("a", null, shards: "1");
        await OneSessionPerShardAsync(1, "the shard ready");
        var session = _fake.ReadyConnections().Single();

        // Another worker took the shard (this one stalled past its lease, say): the next renewal sees it.
        var name = worker.Service<WorkerIdentity>().Name;
        await Leases.ReleaseAsync("discord:shard:0", name, default);
        await Leases.TryAcquireAsync("discord:shard:0", "intruder", TimeSpan.FromMinutes(5), default);

        await _fake.WaitUntilAsync(() => session.Closed && worker.Gateway.Status == GatewayStatus.Standby, "the session closed and the shard on standby", 60_000);
        Assert.Empty(_fake.ReadyConnections());
        Assert.Contains(worker.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("worker intruder took the shard's lease", StringComparison.Ordinal));
        Assert.Contains("intruder", worker.Gateway.StopReason);
    }

    [Fact]
    public async Task A_4011_seen_by_one_worker_reshards_every_worker_through_the_shared_count()
    {
        var a = await StartWorkerAsync("a", null);
        await OneSessionPerShardAsync(1, "worker a runs the only shard");
        var b = await StartWorkerAsync("b", null);
        await _fake.WaitUntilAsync(() => b.Gateway.Status == GatewayStatus.Standby, "worker b on standby");
        Assert.Equal(1, b.Gateway.ShardCount);

        // The bot outgrew one shard: worker a's next identify gets 4011; worker b never identifies with one shard.
        _fake.RecommendedShards = 2;
        _fake.RequiredShards = 2;
        _fake.InvalidateSessions();
        await _fake.ReadyConnections().Single().CloseAsync(4009, "Session timed out.");

        await OneSessionPerShardAsync(2, "two shards of two, across both workers");
        await _fake.WaitUntilAsync(() => b.Gateway.ShardCount == 2 && a.Gateway.ShardCount == 2, "both workers on two shards");
        Assert.Equal(1, a.Gateway.Reshards);
        Assert.Equal(1, b.Gateway.Reshards);
        Assert.Contains(b.Logs.Entries, e => e.Message.Contains("another worker raised the bot's shard count from 1 to 2", StringComparison.Ordinal));
        Assert.DoesNotContain(_fake.Connections, c => c.Worker == "b" && c.Received.Any(p => p["op"]!.GetValue<int>() == 2 && p["d"]!["shard"]![1]!.GetValue<int>() == 1));
        Assert.Equal(2, await ((ISharedNumbers)_stores.Open(TimeProvider.System)).ReadAsync("discord:shard-count", default));
    }
}
