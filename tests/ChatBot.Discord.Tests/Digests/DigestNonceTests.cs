using System.Net.Http.Json;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Discord.Digests;
using ChatBot.Discord.Tests.EndToEnd;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Digests;

/// <summary>
/// A digest part Discord took while its attempt ended unknown (the answer never came back): the
/// nonce comes from the delivery claim, so the next attempt posts the part again under the same
/// nonce with <c>enforce_nonce</c>, and Discord returns the first message instead of a second.
/// </summary>
public sealed class DigestNonceTests : IAsyncLifetime
{
    private const string Channel = "700000000000000044";

    private FakeDiscord _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private Task<DiscordTestHost> StartAsync(string nonceWindow) => DiscordTestHost.StartAsync(_fake, new Dictionary<string, string?>
    {
        ["ChatBot:Digests:PollInterval"] = "00:00:01",
        ["ChatBot:Digests:DefaultTimeZone"] = "UTC",
        ["Discord:Rest:NonceWindow"] = nonceWindow,
    }, gateway: false, doubles: false);

    /// <summary>"Post now"; its first part is created by Discord but the answer hangs until the attempt is given up.</summary>
    private async Task<IDigestService> PostWhoseFirstAnswerIsLostAsync(DiscordTestHost worker)
    {
        var digests = worker.Service<IDigestService>();
        _fake.HoldNextMessageTo(Channel, afterCreating: true);
        using var giveUp = new CancellationTokenSource();
        var posting = digests.PostNowAsync(new ChannelKey("discord", Channel), giveUp.Token);
        await _fake.WaitUntilAsync(d => d.Held.Count == 1, "the first part on the wire");
        Assert.Single(_fake.Messages); // Discord has it; the worker does not know
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        return digests;
    }

    private static async Task<bool> FinishedAsync(IDigestService digests) =>
        (await digests.StatusAsync(new ChannelKey("discord", Channel), default)).RecentRuns[0].Outcome != DeliveryOutcome.Pending;

    private IReadOnlyList<RecordedRequest> Posts => _fake.Requests.Where(r => r.Method == "POST" && r.Path == $"channels/{Channel}/messages").ToList();

    [Fact]
    public async Task A_part_Discord_took_is_posted_again_under_its_nonce_and_appears_once()
    {
        await using var worker = await StartAsync("00:02:00");
        var digests = await PostWhoseFirstAnswerIsLostAsync(worker);

        await _fake.WaitUntilAsync(async () => Posts.Count >= 2 && await FinishedAsync(digests), "the resumed run to finish", 60_000);

        var first = Posts[0].Json!;
        var again = Posts[1].Json!;
        Assert.Equal(first["nonce"]!.GetValue<string>(), again["nonce"]!.GetValue<string>());
        Assert.True(again["enforce_nonce"]!.GetValue<bool>());
        Assert.InRange(first["nonce"]!.GetValue<string>().Length, 1, 25);
        // Every part once: as many messages as distinct nonces, none of them twice.
        var nonces = _fake.Messages.Select(m => m.Body["nonce"]!.GetValue<string>()).ToList();
        Assert.Equal(nonces.Distinct().Count(), nonces.Count);
        Assert.Equal(Posts.Select(p => p.Json!["nonce"]!.GetValue<string>()).Distinct().Count(), _fake.Messages.Count);
        var run = (await digests.StatusAsync(new ChannelKey("discord", Channel), default)).RecentRuns[0];
        Assert.Equal(DeliveryOutcome.Delivered, run.Outcome);
        Assert.Contains(run.History, h => h.Contains("posted again under the same key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_nonce_window_the_part_is_not_posted_again_and_the_run_says_it_may_be_missing()
    {
        await using var worker = await StartAsync("00:00:00");
        var digests = await PostWhoseFirstAnswerIsLostAsync(worker);

        await _fake.WaitUntilAsync(() => FinishedAsync(digests), "the resumed run to finish", 60_000);

        Assert.Single(Posts, p => p.Json!["nonce"]!.GetValue<string>() == Posts[0].Json!["nonce"]!.GetValue<string>());
        var run = (await digests.StatusAsync(new ChannelKey("discord", Channel), default)).RecentRuns[0];
        Assert.Equal(DeliveryOutcome.Uncertain, run.Outcome);
    }

    [Fact]
    public async Task The_fake_returns_the_first_message_for_an_enforced_nonce_only_within_its_window()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _fake.Clock = clock;
        _fake.NonceWindow = TimeSpan.FromMinutes(3);
        using var http = new HttpClient { BaseAddress = new Uri(_fake.ApiBaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new("Bot", FakeDiscord.Token);
        async Task<string> PostAsync(object body) =>
            System.Text.Json.Nodes.JsonNode.Parse(await (await http.PostAsJsonAsync($"channels/{Channel}/messages", body)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        var id = await PostAsync(new { content = "a", nonce = "n-1", enforce_nonce = true });
        Assert.Equal(id, await PostAsync(new { content = "a", nonce = "n-1", enforce_nonce = true }));
        Assert.NotEqual(id, await PostAsync(new { content = "a", nonce = "n-1" })); // not enforced: a new message
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.NotEqual(id, await PostAsync(new { content = "a", nonce = "n-1", enforce_nonce = true }));
        var tooLong = await http.PostAsJsonAsync($"channels/{Channel}/messages", new { content = "a", nonce = new string('x', 26), enforce_nonce = true });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(3, _fake.Messages.Count);
    }

    [Fact]
    public void Nonces_are_the_same_for_a_part_of_a_run_and_differ_between_parts_runs_and_channels()
    {
        var channel = new ChannelKey("discord", Channel);
        var nonce = DiscordDigestPublisher.NonceFor(channel, "digest-run:7:part:0");

        Assert.Equal(nonce, DiscordDigestPublisher.NonceFor(channel, "digest-run:7:part:0"));
        Assert.Equal(24, nonce.Length);
        Assert.NotEqual(nonce, DiscordDigestPublisher.NonceFor(channel, "digest-run:7:part:1"));
        Assert.NotEqual(nonce, DiscordDigestPublisher.NonceFor(channel, "digest-run:8:part:0"));
        Assert.NotEqual(nonce, DiscordDigestPublisher.NonceFor(new ChannelKey("discord", "700000000000000045"), "digest-run:7:part:0"));
    }
}
