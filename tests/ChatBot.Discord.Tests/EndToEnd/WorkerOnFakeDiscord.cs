using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>A fake Discord and the real worker connected to it through the gateway, fresh for each test.</summary>
public abstract class WorkerOnFakeDiscord : IAsyncLifetime
{
    protected FakeDiscord Fake { get; private set; } = null!;

    protected DiscordTestHost Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeDiscord.StartAsync();
        Worker = await DiscordTestHost.StartAsync(Fake);
    }

    public async Task DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
