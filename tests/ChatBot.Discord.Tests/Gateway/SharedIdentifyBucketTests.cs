using System.Diagnostics;
using ChatBot.Core.Coordination;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rest;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Tests.Gateway;

/// <summary>
/// Two workers' identify gates on one store: Discord's identify buckets are the bot's, so the
/// workers take turns in a bucket exactly as one worker's shards do. The buckets' leases run on the
/// store's clock (on PostgreSQL the server's, which no test can move), so these run in real time
/// with a short window and check only lower bounds: identifies in one bucket are at least a window
/// apart however slow the machine is, and a slow machine can only make the gaps longer.
/// </summary>
public sealed class SharedIdentifyBucketTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // The store keeps instants in milliseconds; the identifies are timed by one stopwatch.
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(20);

    private sealed class Workers : IAsyncDisposable
    {
        private readonly HttpClient _http = new();
        private readonly List<DiscordRestClient> _rests = [];

        private Workers(FakeDiscord discord, TestStores stores)
        {
            Discord = discord;
            Stores = stores;
        }

        public FakeDiscord Discord { get; }

        public TestStores Stores { get; }

        public static async Task<Workers> StartAsync(string provider) =>
            new(await FakeDiscord.StartAsync(), await TestStores.CreateAsync(provider));

        public async Task<IdentifyGate> GateAsync(string worker)
        {
            var options = Options.Create(new DiscordOptions
            {
                Token = FakeDiscord.Token,
                ApplicationId = FakeDiscord.ApplicationId,
                ApiBaseUrl = Discord.ApiBaseUrl,
                Gateway = new DiscordGatewayOptions { IdentifyWindow = Window },
            });
            var rest = new DiscordRestClient(_http, options, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
            _rests.Add(rest);
            var gate = new IdentifyGate(rest, options, Stores.Open(TimeProvider.System), new WorkerIdentity(worker), TimeProvider.System, NullLogger<IdentifyGate>.Instance);
            await gate.ReadAsync(fresh: true, CancellationToken.None);
            return gate;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var rest in _rests)
            {
                rest.Dispose();
            }
            _http.Dispose();
            await Stores.DisposeAsync();
            await Discord.DisposeAsync();
        }
    }

    private sealed class Identifies
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(string Who, TimeSpan At)> _sent = [];

        public IReadOnlyList<(string Who, TimeSpan At)> Sent { get { lock (_sent) { return [.. _sent]; } } }

        public TimeSpan At(string who) => Sent.Single(s => s.Who == who).At;

        public Task Identify(IdentifyGate gate, int shard, string who) =>
            gate.IdentifyAsync(new ShardId(shard, 4), _ =>
            {
                lock (_sent)
                {
                    _sent.Add(($"{who}:{shard}", _clock.Elapsed));
                }
                return Task.CompletedTask;
            }, CancellationToken.None);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_bucket_taken_by_one_worker_makes_the_other_wait_the_window_while_other_buckets_go_at_once(string provider)
    {
        await using var workers = await Workers.StartAsync(provider);
        workers.Discord.MaxConcurrency = 2;
        var a = await workers.GateAsync("worker-a");
        var b = await workers.GateAsync("worker-b");
        var identifies = new Identifies();

        await identifies.Identify(a, 0, "a");
        // Shard 2 is in shard 0's bucket (2 % 2 == 0): worker b's own limiter is empty, the store is not.
        var blocked = identifies.Identify(b, 2, "b");
        await identifies.Identify(b, 1, "b");
        await blocked.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["a:0", "b:1", "b:2"], identifies.Sent.Select(s => s.Who));
        Assert.True(identifies.At("b:2") - identifies.At("a:0") >= Window - Rounding,
            $"worker b identified in bucket 0 {identifies.At("b:2") - identifies.At("a:0")} after worker a, within its window");
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Workers_racing_for_one_bucket_identify_one_per_window(string provider)
    {
        await using var workers = await Workers.StartAsync(provider);
        var gates = new List<IdentifyGate>();
        for (var i = 0; i < 4; i++)
        {
            gates.Add(await workers.GateAsync($"worker-{i}"));
        }
        var identifies = new Identifies();

        // max_concurrency 1: one bucket for every shard; four workers identify at the same instant.
        await Task.WhenAll(gates.Select((gate, i) => identifies.Identify(gate, i, $"w{i}"))).WaitAsync(TimeSpan.FromSeconds(60));

        var sent = identifies.Sent;
        Assert.Equal(4, sent.Select(s => s.Who).Distinct().Count());
        for (var i = 1; i < sent.Count; i++)
        {
            Assert.True(sent[i].At - sent[i - 1].At >= Window - Rounding, $"identifies {sent[i - 1].Who} and {sent[i].Who} were {sent[i].At - sent[i - 1].At} apart, within one window");
        }
    }
}
