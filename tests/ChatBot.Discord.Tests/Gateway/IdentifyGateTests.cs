using ChatBot.Core.Coordination;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rest;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ChatBot.Testing.Storage;

namespace ChatBot.Discord.Tests.Gateway;

/// <summary>The identify gate against the fake Discord's <c>/gateway/bot</c>, on a fake clock.</summary>
public sealed class IdentifyGateTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private FakeDiscord _discord = null!;
    private HttpClient _http = null!;
    private DiscordRestClient _rest = null!;
    private IdentifyGate _gate = null!;
    private TestStores _stores = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _http = new HttpClient();
        var options = Options.Create(new DiscordOptions
        {
            Token = FakeDiscord.Token,
            ApplicationId = FakeDiscord.ApplicationId,
            ApiBaseUrl = _discord.ApiBaseUrl,
            Gateway = new DiscordGatewayOptions { IdentifyWindow = TimeSpan.FromSeconds(5) },
        });
        // The REST client's own rate limiting runs on the real clock; only the gate's windows are faked.
        _rest = new DiscordRestClient(_http, options, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        _stores = await TestStores.CreateAsync(TestStores.Sqlite);
        _gate = new IdentifyGate(_rest, options, _stores.Open(_time), new WorkerIdentity("worker-a"), _time, NullLogger<IdentifyGate>.Instance);
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        _http.Dispose();
        await _stores.DisposeAsync();
        await _discord.DisposeAsync();
    }

    private int GatewayBotReads => _discord.Requests.Count(r => r.Path == "gateway/bot");

    [Fact]
    public async Task An_unspent_read_stands_in_for_half_a_minute_then_the_budget_is_read_again()
    {
        await _gate.ReadAsync(fresh: false, CancellationToken.None);
        await _gate.ReadAsync(fresh: false, CancellationToken.None);
        Assert.Equal(1, GatewayBotReads);

        _time.Advance(TimeSpan.FromSeconds(31));
        await _gate.ReadAsync(fresh: false, CancellationToken.None);
        await _gate.ReadAsync(fresh: true, CancellationToken.None);

        Assert.Equal(3, GatewayBotReads);
    }

    [Fact]
    public async Task Each_identify_spends_the_read_so_the_next_one_reads_the_budget_again_and_none_goes_past_zero()
    {
        _discord.SessionStartRemaining = 1;
        var sent = 0;
        await _gate.ReadAsync(fresh: false, CancellationToken.None);

        await _gate.IdentifyAsync(new ShardId(0, 2), _ => { sent++; _discord.SessionStartRemaining--; return Task.CompletedTask; }, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = _gate.IdentifyAsync(new ShardId(1, 2), _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);

        await Assert.ThrowsAsync<SessionStartLimitException>(() => second);
        Assert.Equal(1, sent);
        Assert.Equal(2, GatewayBotReads);
    }

    [Fact]
    public async Task Shards_in_one_bucket_identify_a_window_apart_while_other_buckets_go_at_once()
    {
        _discord.MaxConcurrency = 2;
        await _gate.ReadAsync(fresh: false, CancellationToken.None);
        var order = new List<int>();
        Task Identify(int id) => _gate.IdentifyAsync(new ShardId(id, 4), _ => { lock (order) { order.Add(id); } return Task.CompletedTask; }, CancellationToken.None);

        await Identify(0);
        await Identify(1);
        var third = Identify(2);
        await Task.Delay(100);
        Assert.False(third.IsCompleted, "shard 2 shares shard 0's bucket (2 % 2 == 0) and must wait out the window");

        _time.Advance(TimeSpan.FromSeconds(5));
        await third.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1, 2], order);
    }
}
