using System.Globalization;
using System.Text.Json.Nodes;
using ChatBot.Cluster.Tests.Processes;
using ChatBot.Discord.Tests.EndToEnd;
using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Cluster.Tests;

/// <summary>
/// Three real worker processes of one bot on one machine, against a fake Discord that recommends
/// four shards and a fake Connector: shards split across workers, and a worker killed with
/// SIGKILL loses nothing and doubles nothing.
/// </summary>
public sealed class ClusterTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(3);
    private const int WaitMs = 120_000;

    private static readonly Dictionary<string, int[]> Ranges = new()
    {
        ["a"] = [0, 1],
        ["b"] = [2],
        ["c"] = [3],
    };

    /// <summary>A guild whose events Discord sends to <paramref name="shard"/> of four.</summary>
    private static string GuildOn(int shard, int salt) => (((ulong)(4 * (2000 + salt) + shard)) << 22).ToString(CultureInfo.InvariantCulture);

    private static string ChannelOn(int shard, int salt) => $"6000000000000{salt:D2}{shard:D3}";

    private static string OwnerOf(int shard) => Ranges.Single(r => r.Value.Contains(shard)).Key;

    private static async Task<WorkerCluster> StartClusterAsync(IReadOnlyDictionary<string, string> store)
    {
        var cluster = await WorkerCluster.StartFakesAsync();
        cluster.Discord.RecommendedShards = 4;
        cluster.Discord.MaxConcurrency = 4;
        cluster.Discord.IdentifyWindow = TimeSpan.FromMilliseconds(200);
        foreach (var (name, ids) in Ranges)
        {
            cluster.Add(name, string.Join(',', ids), store);
        }
        foreach (var worker in cluster.Workers)
        {
            worker.Start();
        }
        await Task.WhenAll(cluster.Workers.Select(w => w.WaitReadyAsync(Startup)));
        return cluster;
    }

    /// <summary>Each shard has exactly one live session, opened by the worker whose range holds it.</summary>
    private static async Task WaitForOneSessionPerShardAsync(WorkerCluster cluster, string what)
    {
        await cluster.Discord.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return Enumerable.Range(0, 4).All(shard => ready.Count(c => c.Session!.ShardId == shard && c.Session.ShardCount == 4) == 1);
        }, what, WaitMs);
        foreach (var connection in cluster.Discord.ReadyConnections())
        {
            Assert.Equal(OwnerOf(connection.Session!.ShardId), connection.Worker);
        }
    }

    /// <summary>One question in a guild on each shard, answered once each, by the worker holding that shard.</summary>
    private static async Task AskOnEveryShardAsync(WorkerCluster cluster, int salt)
    {
        for (var shard = 0; shard < 4; shard++)
        {
            await cluster.Discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: ChannelOn(shard, salt), guildId: GuildOn(shard, salt)));
        }
        await cluster.Discord.WaitUntilAsync(d => Enumerable.Range(0, 4).All(shard => d.Messages.Any(m => m.ChannelId == ChannelOn(shard, salt))), $"answers on every shard (round {salt})", WaitMs);
        for (var shard = 0; shard < 4; shard++)
        {
            var channel = ChannelOn(shard, salt);
            Assert.Single(cluster.Discord.Messages, m => m.ChannelId == channel);
            var post = Assert.Single(cluster.Discord.Requests, r => r.Method == "POST" && r.Path == $"channels/{channel}/messages");
            Assert.Equal(OwnerOf(shard), post.Worker);
        }
    }

    [Fact]
    public async Task Shards_split_across_three_workers_each_identified_once_and_a_killed_workers_shards_reconnect_when_it_restarts()
    {
        await using var cluster = await StartClusterAsync(new Dictionary<string, string>());
        try
        {
            await WaitForOneSessionPerShardAsync(cluster, "one session per shard");
            Assert.Equal([0, 1, 2, 3], cluster.Discord.Identified.Select(i => i.ShardId).Order());
            Assert.All(cluster.Discord.Identified, i => Assert.Equal(4, i.ShardCount));
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);
            foreach (var worker in cluster.Workers)
            {
                var ready = JsonNode.Parse(await worker.Http.GetStringAsync("readyz"))!;
                var gateway = ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "discord-gateway")!;
                Assert.Equal(Ranges[worker.Name].Select(id => $"shard {id}/4").Order(), gateway["details"]!.AsObject().Select(d => d.Key).Order());
            }
            await AskOnEveryShardAsync(cluster, salt: 1);

            var killed = cluster["a"];
            var before = cluster.Discord.ReadyConnections().Where(c => c.Worker == "a").ToList();
            await killed.KillAsync();
            await cluster.Discord.WaitUntilAsync(() => before.All(c => c.Closed), "the killed worker's sessions to drop", WaitMs);
            killed.Start();
            await killed.WaitReadyAsync(Startup);

            await WaitForOneSessionPerShardAsync(cluster, "the restarted worker's shards back");
            // A new process has no session to resume: shards 0 and 1 identified afresh, the others never again.
            Assert.Equal([0, 0, 1, 1, 2, 3], cluster.Discord.Identified.Select(i => i.ShardId).Order());
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);
            await AskOnEveryShardAsync(cluster, salt: 2);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n{cluster.Output}\n\n{e}");
        }
    }
}
