using System.Net;
using ChatBot.Core.Coordination;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Storage;
using NSec.Cryptography;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// One signed interaction delivered to two workers of the bot (Discord's retry, or a captured
/// request replayed, through a load balancer): with the store shared in PostgreSQL it is answered
/// once, by whichever worker saw it first; the other refuses it as a replay.
/// </summary>
public sealed class SharedReplayTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private TestStores _stores = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _stores = await TestStores.CreateAsync(TestStores.Postgres);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private Dictionary<string, string?> Shared(string? publicKey = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatBot:Store:Provider"] = "postgres",
            ["ConnectionStrings:ChatBot"] = _stores.ConnectionString,
        };
        if (publicKey is not null)
        {
            settings["Discord:PublicKey"] = publicKey;
        }
        return settings;
    }

    [Fact]
    public async Task An_interaction_sent_to_two_workers_at_once_is_answered_once()
    {
        await using var a = await DiscordTestHost.StartAsync(_fake, Shared(), gateway: false);
        // Both workers are the same Discord application: one public key.
        var publicKey = Convert.ToHexString(a.SigningKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToLowerInvariant();
        await using var b = await DiscordTestHost.StartAsync(_fake, Shared(publicKey), gateway: false);
        Assert.True(a.Service<EventDeduplicator>().IsShared);

        var signed = a.Sign(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "twice"));
        var responses = await Task.WhenAll(a.SendSignedAsync(signed), b.SendSignedAsync(signed));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        await _fake.EditOfAsync("twice");
        await Task.Delay(500);
        Assert.Equal(1, a.Engine.Requests.Count + b.Engine.Requests.Count);
        Assert.Single(_fake.Requests, r => r.Method == "PATCH" && r.Path.EndsWith("twice/messages/@original", StringComparison.Ordinal));

        // Later, too: the id stays recorded in the store for the whole window.
        Assert.Equal(HttpStatusCode.Conflict, (await b.SendSignedAsync(signed)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await a.SendSignedAsync(signed)).StatusCode);
    }
}
