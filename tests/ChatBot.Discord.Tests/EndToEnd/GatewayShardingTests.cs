using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// Sharding against a fake Discord that routes events per shard and speaks the unhappy protocol
/// (4011, 4010, op 9, identifies over the bucket limit).
/// </summary>
public sealed class GatewayShardingTests : FakeDiscordTest
{
    // The fake counts an identify as too early only under half the bot's window, so a loaded
    // machine's scheduling delays cannot turn a correctly spaced identify into a violation.
    private static readonly TimeSpan FakeWindow = TimeSpan.FromMilliseconds(200);
    private const string BotWindow = "00:00:00.400";

    /// <summary>A guild id whose events Discord sends to <paramref name="shard"/> of <paramref name="count"/>.</summary>
    private static string GuildOn(int shard, int count, int salt = 1) =>
        (((ulong)(count * (1000 + salt) + shard)) << 22).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<DiscordTestHost> StartShardedAsync(IDictionary<string, string?>? settings = null)
    {
        Fake.IdentifyWindow = FakeWindow;
        var all = new Dictionary<string, string?> { ["Discord:Gateway:IdentifyWindow"] = BotWindow };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return StartWorkerAsync(all);
    }

    /// <summary>A worker on a fake Discord recommending <paramref name="count"/> shards, with fixed answers, once every shard is ready.</summary>
    private async Task StartReadyShardsAsync(int count)
    {
        Fake.RecommendedShards = count;
        await StartShardedAsync();
        Worker.Engine.Respond = FixedAnswers.CouncilAnswer;
        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count == count, $"{count} ready shards");
    }

    private async Task<string> AskInGuildAsync(string guildId, string channelId)
    {
        var id = Payloads.NewId();
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(id, "When is the next council?", channelId: channelId, guildId: guildId));
        return id;
    }

    private async Task<HealthReportEntry> GatewayHealthAsync() =>
        (await Worker.Service<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("discord"))).Entries["discord-gateway"];

    private static JsonNode Readiness(string body) => JsonNode.Parse(body)!;

    [Fact]
    public async Task Auto_runs_every_recommended_shard_once_and_answers_guild_events_from_each_shard_and_DMs_from_shard_0()
    {
        await StartReadyShardsAsync(4);
        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == GatewayStatus.Ready, "the bot to see all four READY");

        Assert.Equal([(0, 4), (1, 4), (2, 4), (3, 4)], Fake.Identified.Select(i => (i.ShardId, i.ShardCount)).Order().ToList());
        Assert.Equal(0, Fake.IdentifyRateViolations);
        foreach (var connection in Fake.ReadyConnections())
        {
            var identify = connection.Received.Single(p => p["op"]!.GetValue<int>() == 2)["d"]!;
            Assert.Equal(connection.Session!.ShardId, identify["shard"]![0]!.GetValue<int>());
            Assert.Equal(4, identify["shard"]![1]!.GetValue<int>());
        }

        var channels = Enumerable.Range(0, 4).Select(shard => $"70000000000000010{shard}").ToList();
        for (var shard = 0; shard < 4; shard++)
        {
            await AskInGuildAsync(GuildOn(shard, 4), channels[shard]);
        }
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?", channelId: Payloads.DmChannelId, guildId: null, mentionBot: false));
        await Fake.WaitUntilAsync(d => d.Messages.Count == 5, "an answer for each shard's question and the DM");

        foreach (var channel in channels.Append(Payloads.DmChannelId))
        {
            Assert.Single(Fake.Messages, m => m.ChannelId == channel);
        }
        // Each question arrived on its own shard's session only (the fake routes as Discord does).
        foreach (var connection in Fake.ReadyConnections())
        {
            var expected = connection.Session!.ShardId == 0 ? 2 : 1;
            Assert.Equal(expected, connection.Session.EventsAfter(0).Count(e => e.Type == "MESSAGE_CREATE"));
        }
        Assert.All(Worker.Gateway.Snapshot(), s => Assert.Equal(s.Shard.Id == 0 ? 2 : 1, s.Events));

        var health = await GatewayHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(4, health.Data.Count);
        Assert.All(health.Data.Values, v => Assert.Equal("ready", v));

        using var http = new HttpClient { BaseAddress = Worker.BaseAddress };
        var ready = Readiness(await http.GetStringAsync("readyz"));
        var gateway = ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "discord-gateway")!;
        Assert.Equal("ready", gateway["details"]!["shard 3/4"]!.GetValue<string>());
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("chatbot_discord_shards 4\n", metrics);
        for (var shard = 0; shard < 4; shard++)
        {
            Assert.Contains($"chatbot_discord_shard_up{{shard=\"{shard}\"}} 1\n", metrics);
            Assert.Contains($"chatbot_discord_shard_identifies_total{{shard=\"{shard}\"}} 1\n", metrics);
        }
        Assert.Contains("chatbot_discord_shard_events_total{shard=\"0\"} 2\n", metrics);
    }

    [Fact]
    public async Task ShardIds_runs_only_the_named_shards_of_the_count()
    {
        Fake.RecommendedShards = 4;
        await StartShardedAsync(new Dictionary<string, string?> { ["Discord:ShardIds"] = "1,3" });
        Worker.Engine.Respond = FixedAnswers.CouncilAnswer;

        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count == 2, "two ready shards");
        await AskInGuildAsync(GuildOn(3, 4), "700000000000000203");
        await Fake.WaitUntilAsync(d => d.Messages.Count == 1, "the answer from shard 3");

        Assert.Equal([(1, 4), (3, 4)], Fake.Identified.Select(i => (i.ShardId, i.ShardCount)).Order().ToList());
        Assert.Equal([1, 3], Worker.Gateway.Shards.Select(s => s.Shard.Id));
        Assert.Equal(4, Worker.Gateway.ShardCount);
    }

    [Fact]
    public async Task Identifies_respect_the_max_concurrency_buckets()
    {
        Fake.RecommendedShards = 6;
        Fake.MaxConcurrency = 2;
        await StartShardedAsync();

        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count == 6, "six ready shards");

        Assert.Equal(0, Fake.IdentifyRateViolations);
        Assert.Equal(6, Fake.Identified.Select(i => i.ShardId).Distinct().Count());
        // Each bucket (shard id % 2) identified its three shards one window apart.
        foreach (var bucket in Fake.Identified.GroupBy(i => i.ShardId % 2))
        {
            var times = bucket.Select(i => i.At).Order().ToList();
            Assert.Equal(3, times.Count);
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= FakeWindow, $"identifies {pair.Second - pair.First} apart"));
        }
    }

    [Fact]
    public async Task Close_4011_under_auto_reshards_to_the_count_Discord_now_recommends()
    {
        await StartShardedAsync();
        Worker.Engine.Respond = FixedAnswers.CouncilAnswer;
        var first = await Fake.CurrentConnectionAsync();
        Assert.Equal(1, first.Session!.ShardCount);

        // The bot grew past what one shard may hold: the next identify with one shard gets 4011.
        Fake.RecommendedShards = 2;
        Fake.RequiredShards = 2;
        Fake.InvalidateSessions();
        await first.CloseAsync(4009, "Session timed out.");

        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count(c => c.Session!.ShardCount == 2) == 2, "two shards of two");
        await Fake.WaitUntilAsync(() => Worker.Gateway.Status == GatewayStatus.Ready, "the bot to see both READY");
        await AskInGuildAsync(GuildOn(0, 2), "700000000000000300");
        await AskInGuildAsync(GuildOn(1, 2), "700000000000000301");
        await Fake.WaitUntilAsync(d => d.Messages.Count == 2, "an answer from each new shard");

        Assert.Contains(Fake.Connections, c => c.Closed && c.Session is null && c.Received.Any(p => p["op"]!.GetValue<int>() == 2 && p["d"]!["shard"]![1]!.GetValue<int>() == 1));
        Assert.Equal(1, Worker.Gateway.Reshards);
        Assert.Equal(2, Worker.Gateway.ShardCount);
        Assert.Equal(HealthStatus.Healthy, (await GatewayHealthAsync()).Status);
        Assert.Contains(Worker.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("4011", StringComparison.Ordinal) && e.Message.Contains("re-reading the recommended shard count", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_4011_with_a_fixed_count_is_reported_and_makes_readyz_unhealthy()
    {
        Fake.RecommendedShards = 3;
        Fake.RequiredShards = 2;
        await StartShardedAsync(new Dictionary<string, string?> { ["Discord:Shards"] = "1" });

        var reason = await Worker.Gateway.Stopped.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("4011", reason);
        Assert.Contains("Discord:Shards is 1", reason);
        Assert.Contains("recommends 3", reason);
        Assert.Single(Fake.Connections);
        Assert.Equal(0, Worker.Gateway.Reshards);
        var health = await GatewayHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        using var http = new HttpClient { BaseAddress = Worker.BaseAddress };
        var response = await http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var ready = Readiness(await response.Content.ReadAsStringAsync());
        Assert.Contains(ready["reasons"]!.AsArray(), r => r!.GetValue<string>().StartsWith("discord-gateway:", StringComparison.Ordinal) && r.GetValue<string>().Contains("Discord:Shards is 1", StringComparison.Ordinal));
        Assert.Contains(Worker.Logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("4011", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_4010_invalid_shard_stops_that_shard_only_and_makes_readyz_unhealthy()
    {
        Fake.RecommendedShards = 2;
        Fake.RejectedShardId = 1;
        await StartShardedAsync();

        await Fake.WaitUntilAsync(() => Worker.Gateway.Shards.Count == 2 && Worker.Gateway.Shards.Any(s => s.Status == GatewayStatus.Stopped), "a stopped shard");
        await Fake.WaitUntilAsync(() => Worker.Gateway.Shards.Any(s => s.Status == GatewayStatus.Ready), "the other shard ready");

        var stopped = Assert.Single(Worker.Gateway.Shards, s => s.Status == GatewayStatus.Stopped);
        Assert.Contains("4010", stopped.Exit!.Reason);
        Assert.Equal(2, Fake.Connections.Count);
        var health = await GatewayHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("invalid shard", health.Description);
        Assert.Equal("ready", health.Data[$"shard {1 - stopped.Shard.Id}/2"]);
    }

    [Fact]
    public async Task Invalid_session_on_one_shard_reidentifies_only_that_shard_and_its_events_are_answered_once()
    {
        await StartReadyShardsAsync(2);
        var shard1 = Fake.ReadyConnections().Single(c => c.Session!.ShardId == 1);
        var shard0 = Fake.ReadyConnections().Single(c => c.Session!.ShardId == 0);

        await shard1.SendAsync(new { op = 9, d = false });

        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count(c => c.Session!.ShardId == 1 && c != shard1) == 1, "shard 1 identified afresh");
        await AskInGuildAsync(GuildOn(1, 2), "700000000000000401");
        await AskInGuildAsync(GuildOn(0, 2), "700000000000000400");
        await Fake.WaitUntilAsync(d => d.Messages.Count == 2, "both answers");

        Assert.False(shard0.Closed);
        Assert.Equal(1, Fake.Identified.Count(i => i.ShardId == 0));
        Assert.Equal(2, Fake.Identified.Count(i => i.ShardId == 1));
        Assert.Equal(0, Fake.IdentifyRateViolations);
    }

    [Fact]
    public async Task A_dropped_shard_resumes_its_own_session_while_the_others_stay_connected()
    {
        await StartReadyShardsAsync(3);
        await AskInGuildAsync(GuildOn(2, 3), "700000000000000502");
        await Fake.WaitUntilAsync(d => d.Messages.Count == 1, "the first answer");
        var dropped = Fake.ReadyConnections().Single(c => c.Session!.ShardId == 2);
        var others = Fake.ReadyConnections().Where(c => c != dropped).ToList();

        dropped.Abort();

        await Fake.WaitUntilAsync(d => d.ReadyConnections().Count(c => c.Session == dropped.Session && c != dropped) == 1, "shard 2 resumed");
        var resume = Fake.ReadyConnections().Single(c => c.Session == dropped.Session).Received.First(p => p["op"]!.GetValue<int>() is 2 or 6);
        Assert.Equal(6, resume["op"]!.GetValue<int>());
        Assert.Equal(dropped.Session!.Id, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(dropped.Session.Sequence, resume["d"]!["seq"]!.GetValue<int>() + 1);
        Assert.All(others, c => Assert.False(c.Closed));
        await AskInGuildAsync(GuildOn(2, 3), "700000000000000502");
        await Fake.WaitUntilAsync(d => d.Messages.Count == 2, "the answer after the resume");
        Assert.Equal(3, Fake.Identified.Count);
    }
}
