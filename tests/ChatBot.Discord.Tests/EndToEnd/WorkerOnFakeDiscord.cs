namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>A fake Discord and the real worker connected to it through the gateway, fresh for each test.</summary>
public abstract class WorkerOnFakeDiscord : FakeDiscordTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartWorkerAsync();
    }
}
