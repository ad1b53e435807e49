using ChatBot.Teams.Tests.Fakes;

namespace ChatBot.Teams.Tests.Support;

/// <summary>Base of end-to-end tests: a fresh <see cref="FakeMicrosoft"/> and real worker per test.</summary>
public abstract class WorkerTest : IAsyncLifetime
{
    protected FakeMicrosoft Fake { get; private set; } = null!;

    protected TeamsTestHost Worker { get; private set; } = null!;

    /// <summary>Override to configure the fake or the worker differently.</summary>
    protected virtual Task<TeamsTestHost> StartWorkerAsync(FakeMicrosoft fake) => TeamsTestHost.StartAsync(fake);

    public async Task InitializeAsync()
    {
        Fake = await FakeMicrosoft.StartAsync();
        Worker = await StartWorkerAsync(Fake);
    }

    public virtual async Task DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
