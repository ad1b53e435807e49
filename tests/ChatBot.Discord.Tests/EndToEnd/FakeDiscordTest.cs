using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// A fresh fake Discord for each test; the worker starts when the test has scripted the fake
/// and chosen the settings (<see cref="StartWorkerAsync"/>). Both are torn down after the test.
/// </summary>
public abstract class FakeDiscordTest : IAsyncLifetime
{
    private DiscordTestHost? _worker;

    protected FakeDiscord Fake { get; private set; } = null!;

    protected DiscordTestHost Worker => _worker ?? throw new InvalidOperationException("The test has not started the worker.");

    protected async Task<DiscordTestHost> StartWorkerAsync(IDictionary<string, string?>? settings = null, bool gateway = true) =>
        _worker = await DiscordTestHost.StartAsync(Fake, settings, gateway);

    public virtual async Task InitializeAsync() => Fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
        await Fake.DisposeAsync();
    }
}
