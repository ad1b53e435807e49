using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Cluster.Tests.Processes;
using ChatBot.Discord.Tests.EndToEnd;

namespace ChatBot.Cluster.Tests;

/// <summary>
/// Three real worker processes of one bot on one machine, against a fake Discord that recommends
/// four shards and a fake Connector: shards split across workers (each under a lease in the store),
/// and a worker killed with SIGKILL — even after Discord took its digest post — loses nothing and
/// doubles nothing.
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
    private static Task AskOnEveryShardAsync(WorkerCluster cluster, int salt) => AskOnEveryShardAsync(cluster, salt, OwnerOf);

    private static async Task AskOnEveryShardAsync(WorkerCluster cluster, int salt, Func<int, string> owner)
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
            Assert.Equal(owner(shard), post.Worker);
        }
    }

    /// <summary>Digests for a Discord channel on the next full minute at least 20 s away (UTC), so exactly one run falls in the test.</summary>
    private static (string Cron, DateTimeOffset At) NextMinuteCron()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(20);
        at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        return ($"{at.Minute} {at.Hour} * * *", at);
    }

    private static object TeamsMessage(string serviceUrl, string id, string text) => new
    {
        type = "message",
        id,
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl,
        channelId = "emulator",
        from = new { id = "user-1", name = "Ada" },
        conversation = new { id = "cluster-conversation" },
        recipient = new { id = "bot-1", name = "ChatBot" },
        text,
    };

    private static async Task<long> TeamsQuestionsAsync(WorkerProcess worker)
    {
        var metrics = await worker.Http.GetStringAsync("metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("chatbot_questions_total{platform=\"teams\"", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Three_workers_on_one_PostgreSQL_split_the_shards_answer_a_retried_Teams_activity_once_and_finish_a_killed_workers_digest_once()
    {
        var postgres = await ChatBot.Testing.Postgres.PostgresServer.SharedAsync();
        var store = new Dictionary<string, string>
        {
            ["ChatBot__Store__Provider"] = "postgres",
            ["ConnectionStrings__ChatBot"] = await postgres.CreateDatabaseAsync(),
            // The digest settings are the defaults: a killed worker's run is resumed once its claim
            // (ClaimLease, 30 s, renewed while posting) runs out, inside Discord's nonce window.
        };
        await using var cluster = await StartClusterAsync(store);
        // As the bot trusts Discord's memory of a nonce (Discord:Rest:NonceWindow): two minutes, no more.
        cluster.Discord.NonceWindow = TimeSpan.FromMinutes(2);
        try
        {
            // 1. Every shard identified by exactly one worker, the one whose range holds it.
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

            // 2. A channel subscribes (through whichever worker holds its guild's shard); its first post will hang on the wire.
            var (cron, due) = NextMinuteCron();
            // Discord takes the post, but its answer never reaches the worker: the crash comes after the accept.
            cluster.Discord.HoldNextMessageTo(Payloads.ChannelId, afterCreating: true);
            await cluster.Discord.DispatchAsync("INTERACTION_CREATE", Payloads.Command(Payloads.NewId(), "digest",
                [Payloads.Subcommand("subscribe", Payloads.Option("schedule", cron))], token: "subscribe-token"));
            var subscribed = await cluster.Discord.EditOfAsync("subscribe-token", WaitMs);
            Assert.Contains("Subscribed", subscribed.Body);

            // 3. A Teams activity delivered to two workers at once (a retry through a load balancer) is answered once.
            var activity = TeamsMessage(cluster.Connector.ServiceUrl, "cluster-activity-1", "When is the next council?");
            var posts = await Task.WhenAll(cluster["b"].Http.PostAsJsonAsync("api/messages", activity), cluster["c"].Http.PostAsJsonAsync("api/messages", activity));
            Assert.All(posts, p => Assert.True(p.IsSuccessStatusCode, $"/api/messages answered {(int)p.StatusCode}"));
            await WaitAsync(() => cluster.Connector.Messages.Any(m => m.ReplyToId == "cluster-activity-1"), "the Teams reply");
            // A second reply would come from the other worker's engine call, which would already be counted.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(cluster.Connector.Messages, m => m.ReplyToId == "cluster-activity-1");
            Assert.Equal(1, (await Task.WhenAll(cluster.Workers.Select(TeamsQuestionsAsync))).Sum());

            // 4. The digest falls due; the worker posting it is killed mid-post; another finishes it after the lease.
            await cluster.Discord.WaitUntilAsync(d => d.Held.Count == 1, $"the digest post due at {due:HH:mm}", WaitMs);
            Assert.Single(cluster.Discord.Messages, m => m.ChannelId == Payloads.ChannelId);
            var held = cluster.Discord.Held[0].Request;
            var holder = cluster[held.Worker!];
            var holderSessions = cluster.Discord.ReadyConnections().Where(c => c.Worker == holder.Name).ToList();
            await holder.KillAsync();
            await cluster.Discord.WaitUntilAsync(d => d.Held[0].Abandoned && holderSessions.All(c => c.Closed), "the killed worker's post and sessions to drop", WaitMs);
            await cluster.Discord.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "POST" && r.Path == $"channels/{Payloads.ChannelId}/messages" && r.Worker != holder.Name),
                "another worker to post the digest again after the lease", WaitMs);
            var digestPost = cluster.Discord.Requests.Last(r => r.Method == "POST" && r.Path == $"channels/{Payloads.ChannelId}/messages");
            // The same part under the same nonce (derived from the run, not drawn at random): Discord returns the first message.
            Assert.Equal(held.Json!["nonce"]!.GetValue<string>(), digestPost.Json!["nonce"]!.GetValue<string>());
            Assert.True(digestPost.Json!["enforce_nonce"]!.GetValue<bool>());
            var digest = Assert.Single(cluster.Discord.Messages, m => m.ChannelId == Payloads.ChannelId);
            Assert.Contains("What is new", digest.Body.ToJsonString());
            var taker = cluster[digestPost.Worker!];
            await WaitAsync(() => DigestRunDelivered(taker), "the resumed run recorded as delivered");

            // 5. The killed worker comes back: its shards reconnect, each still held by exactly one worker.
            holder.Start();
            await holder.WaitReadyAsync(Startup);
            await WaitForOneSessionPerShardAsync(cluster, "the restarted worker's shards back");
            var identifies = cluster.Discord.Identified.GroupBy(i => i.ShardId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var shard in Enumerable.Range(0, 4))
            {
                // A new process has no session to resume: its shards identified afresh, the others never again.
                Assert.Equal(Ranges[holder.Name].Contains(shard) ? 2 : 1, identifies[shard]);
            }
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);

            // 6. Nothing lost or doubled: every shard answers once, the digest is still one post.
            await AskOnEveryShardAsync(cluster, salt: 2);
            Assert.Single(cluster.Discord.Messages, m => m.ChannelId == Payloads.ChannelId);
            Assert.Single(cluster.Connector.Messages, m => m.ReplyToId == "cluster-activity-1");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n{cluster.Output}\n\n{e}");
        }
    }

    [Fact]
    public async Task A_worker_killed_while_its_Teams_reply_is_on_the_wire_leaves_the_activity_to_another_that_answers_it_once_after_the_claim()
    {
        var postgres = await ChatBot.Testing.Postgres.PostgresServer.SharedAsync();
        var store = new Dictionary<string, string>
        {
            ["ChatBot__Store__Provider"] = "postgres",
            ["ConnectionStrings__ChatBot"] = await postgres.CreateDatabaseAsync(),
            // Renewed every 3 s while the answer is prepared and posted: long enough for a loaded
            // machine's store round trips, short enough that the takeover comes within the test.
            ["Teams__ClaimLease"] = "00:00:09",
        };
        await using var cluster = await WorkerCluster.StartFakesAsync();
        cluster.Discord.RecommendedShards = 2;
        cluster.Discord.MaxConcurrency = 2;
        cluster.Add("a", "0", store);
        cluster.Add("b", "1", store);
        foreach (var worker in cluster.Workers)
        {
            worker.Start();
        }
        try
        {
            await Task.WhenAll(cluster.Workers.Select(w => w.WaitReadyAsync(Startup)));

            // The reply reaches the Connector, which neither takes nor refuses it while its worker lives.
            cluster.Connector.HoldNextMessage();
            var accepted = await cluster["a"].Http.PostAsJsonAsync("api/messages", TeamsMessage(cluster.Connector.ServiceUrl, "killed-activity", "When is the next council?"));
            Assert.True(accepted.IsSuccessStatusCode, $"/api/messages answered {(int)accepted.StatusCode}");
            await cluster.Connector.Held.WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

            // Whichever worker claimed it (the inbox is shared) answered it once, and dies with the reply on the wire.
            var answered = await Task.WhenAll(cluster.Workers.Select(TeamsQuestionsAsync));
            Assert.Equal(1, answered.Sum());
            var holder = cluster.Workers[Array.IndexOf(answered, 1L)];
            var survivor = cluster.Workers.Single(w => w != holder);
            await holder.KillAsync();
            await cluster.Connector.HeldAbandoned.WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
            Assert.DoesNotContain(cluster.Connector.Messages, m => m.ReplyToId == "killed-activity");

            // Once the dead worker's claim runs out (no heartbeat renews it), the survivor takes the activity and answers it.
            await WaitAsync(() => cluster.Connector.Messages.Any(m => m.ReplyToId == "killed-activity"), "the survivor's reply after the claim");
            // A second reply would need a second claim of the finished activity; give it time to show.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(cluster.Connector.Messages, m => m.ReplyToId == "killed-activity");
            Assert.Equal(1, await TeamsQuestionsAsync(survivor));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n{cluster.Output}\n\n{e}");
        }
    }

    /// <summary>The channel's latest digest run, as the worker's digest status shows it, ended delivered (not "possibly missing").</summary>
    private static bool DigestRunDelivered(WorkerProcess worker) =>
        worker.Output.Split('\n').Any(line => line.Contains($"Digest for discord:{Payloads.ChannelId} (", StringComparison.Ordinal) && line.Contains(") Delivered: ", StringComparison.Ordinal));

    [Fact]
    public async Task Three_workers_with_ShardIds_unset_spread_four_shards_2_1_1_one_session_each_take_over_a_killed_workers_shards_and_a_frozen_one_does_not_act_on_waking()
    {
        var postgres = await ChatBot.Testing.Postgres.PostgresServer.SharedAsync();
        var store = new Dictionary<string, string>
        {
            ["ChatBot__Store__Provider"] = "postgres",
            ["ConnectionStrings__ChatBot"] = await postgres.CreateDatabaseAsync(),
        };
        await using var cluster = await WorkerCluster.StartFakesAsync();
        cluster.Discord.RecommendedShards = 4;
        cluster.Discord.MaxConcurrency = 4;
        cluster.Discord.IdentifyWindow = TimeSpan.FromMilliseconds(200);
        foreach (var name in new[] { "a", "b", "c" })
        {
            // No ShardIds: the workers divide the shards among themselves.
            cluster.Add(name, "", store);
        }
        foreach (var worker in cluster.Workers)
        {
            worker.Start();
        }
        try
        {
            await Task.WhenAll(cluster.Workers.Select(w => w.WaitReadyAsync(Startup)));

            // 1. Spread 2/1/1, every shard with exactly one session, never two at once.
            await WaitForSpreadAsync(cluster, [2, 1, 1], "four shards spread 2/1/1 over three workers");
            Assert.Equal(0, cluster.Discord.OverlappingIdentifies);
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);
            foreach (var worker in cluster.Workers)
            {
                var metrics = await worker.Http.GetStringAsync("metrics");
                Assert.Contains("chatbot_discord_balance_live_workers 3\n", metrics);
                var ready = JsonNode.Parse(await worker.Http.GetStringAsync("readyz"))!;
                var gateway = ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "discord-gateway")!;
                // Every worker lists all four shards: its own ready, the others on standby.
                Assert.Equal(4, gateway["details"]!.AsObject().Count);
                Assert.Equal(cluster.Discord.ReadyConnections().Count(c => c.Worker == worker.Name), gateway["details"]!.AsObject().Count(d => d.Value!.GetValue<string>() == "ready"));
            }
            await AskOnEveryShardAsync(cluster, salt: 3, owner: shard => cluster.Discord.ReadyConnections().Single(c => c.Session!.ShardId == shard).Worker!);

            // 2. kill -9 of the worker with two shards: after its leases run out the two survivors run two each.
            var busiest = cluster[cluster.Discord.ReadyConnections().GroupBy(c => c.Worker).Single(g => g.Count() == 2).Key!];
            var killedSessions = cluster.Discord.ReadyConnections().Where(c => c.Worker == busiest.Name).ToList();
            await busiest.KillAsync();
            await cluster.Discord.WaitUntilAsync(_ => killedSessions.All(c => c.Closed), "the killed worker's sessions to drop", WaitMs);
            await WaitForSpreadAsync(cluster, [2, 2], "the killed worker's shards taken over, 2/2");
            Assert.DoesNotContain(cluster.Discord.ReadyConnections(), c => c.Worker == busiest.Name);
            Assert.Equal(0, cluster.Discord.OverlappingIdentifies);
            await AskOnEveryShardAsync(cluster, salt: 4, owner: shard => cluster.Discord.ReadyConnections().Single(c => c.Session!.ShardId == shard).Worker!);

            // 3. It comes back as a new worker: it is handed a shard, 2/1/1 again.
            busiest.Start();
            await busiest.WaitReadyAsync(Startup);
            await WaitForSpreadAsync(cluster, [2, 1, 1], "the restarted worker handed a shard, 2/1/1");
            Assert.Contains(cluster.Discord.ReadyConnections(), c => c.Worker == busiest.Name);
            Assert.Equal(0, cluster.Discord.OverlappingIdentifies);
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);

            // 4. A worker frozen (SIGSTOP) past its leases: its sessions stay open in Discord, but the
            // others take its shards over; an event then reaches both sessions of such a shard.
            var frozen = cluster[cluster.Discord.ReadyConnections().GroupBy(c => c.Worker).Single(g => g.Count() == 2).Key!];
            var staleSessions = cluster.Discord.ReadyConnections().Where(c => c.Worker == frozen.Name).ToList();
            var staleShard = staleSessions[0].Session!.ShardId;
            await frozen.PauseAsync();
            await cluster.Discord.WaitUntilAsync(d => Enumerable.Range(0, 4).All(shard => d.ReadyConnections().Count(c => c.Worker != frozen.Name && c.Session!.ShardId == shard) == 1),
                "the frozen worker's shards taken over by the others", WaitMs);
            var newOwner = cluster.Discord.ReadyConnections().Single(c => c.Worker != frozen.Name && c.Session!.ShardId == staleShard).Worker!;
            var channel = ChannelOn(staleShard, 5);
            await cluster.Discord.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: channel, guildId: GuildOn(staleShard, 5)));
            Assert.True(cluster.Discord.ReadyConnections().Count(c => c.Session!.ShardId == staleShard) == 2, "the event went to the stale session too");
            await cluster.Discord.WaitUntilAsync(d => d.Messages.Any(m => m.ChannelId == channel), "the new owner's answer", WaitMs);

            // It wakes with every timer overdue: it must not act as the shards' owner (no answer, no
            // identify), close its stale sessions, and be handed a shard again like any newcomer.
            await frozen.ResumeAsync();
            await cluster.Discord.WaitUntilAsync(_ => staleSessions.All(c => c.Closed), "the woken worker to close its stale sessions", WaitMs);
            await WaitForSpreadAsync(cluster, [2, 1, 1], "2/1/1 again after the frozen worker woke");
            Assert.Single(cluster.Discord.Messages, m => m.ChannelId == channel);
            var answer = Assert.Single(cluster.Discord.Requests, r => r.Method == "POST" && r.Path == $"channels/{channel}/messages");
            Assert.Equal(newOwner, answer.Worker);
            Assert.Equal(0, cluster.Discord.IdentifyRateViolations);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n{cluster.Output}\n\n{e}");
        }
    }

    /// <summary>Each of the four shards has one ready session, and the workers hold them in the given counts.</summary>
    private static Task WaitForSpreadAsync(WorkerCluster cluster, int[] spread, string what) =>
        cluster.Discord.WaitUntilAsync(d =>
        {
            var ready = d.ReadyConnections();
            return Enumerable.Range(0, 4).All(shard => ready.Count(c => c.Session!.ShardId == shard && c.Session.ShardCount == 4) == 1)
                && ready.GroupBy(c => c.Worker).Select(g => g.Count()).OrderDescending().SequenceEqual(spread);
        }, what, WaitMs);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(WaitMs);
        while (!condition())
        {
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }
        }
    }
}
