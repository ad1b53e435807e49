using ChatBot.Core.Coordination;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rest;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Gateway;

/// <summary>
/// Two workers' identify gates on one store, on one fake clock: Discord's identify buckets are the
/// bot's, so the workers take turns in a bucket exactly as one worker's shards do.
/// </summary>
public sealed class SharedIdentifyBucketTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

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

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

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
            var gate = new IdentifyGate(rest, options, Stores.Open(Time), new WorkerIdentity(worker), Time, NullLogger<IdentifyGate>.Instance);
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

    private static Task Identify(IdentifyGate gate, int shard, List<string> order, string who) =>
        gate.IdentifyAsync(new ShardId(shard, 4), _ => { lock (order) { order.Add($"{who}:{shard}"); } return Task.CompletedTask; }, CancellationToken.None);

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_bucket_taken_by_one_worker_makes_the_other_wait_the_window_while_other_buckets_go_at_once(string provider)
    {
        await using var workers = await Workers.StartAsync(provider);
        workers.Discord.MaxConcurrency = 2;
        var a = await workers.GateAsync("worker-a");
        var b = await workers.GateAsync("worker-b");
        var order = new List<string>();

        await Identify(a, 0, order, "a");
        // Shard 2 is in shard 0's bucket (2 % 2 == 0): worker b's own limiter is empty, the store is not.
        var blocked = Identify(b, 2, order, "b");
        await Identify(b, 1, order, "b");
        await Task.Delay(300);
        Assert.False(blocked.IsCompleted, "worker b identified in bucket 0 within worker a's window");
        Assert.Equal(["a:0", "b:1"], order);

        workers.Time.Advance(Window);
        await blocked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a:0", "b:1", "b:2"], order);
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
        var order = new List<string>();

        // max_concurrency 1: one bucket for every shard; four workers identify at the same instant.
        var racing = gates.Select((gate, i) => Identify(gate, i, order, $"w{i}")).ToList();
        for (var window = 1; window <= 4; window++)
        {
            await WaitForAsync(() => Count(order) == window, $"{window} identifies");
            await Task.Delay(200);
            Assert.Equal(window, Count(order));
            workers.Time.Advance(Window);
        }
        await Task.WhenAll(racing).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4, order.Distinct().Count());
    }

    private static int Count(List<string> order)
    {
        lock (order)
        {
            return order.Count;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token).ContinueWith(t =>
            {
                if (t.IsCanceled)
                {
                    throw new TimeoutException($"Timed out waiting for {what}");
                }
            }, TaskScheduler.Default);
        }
    }
}
