using System.Text.Json;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Host.Hosting;

namespace ChatBot.Host.Tests.Cli;

public sealed class SubscriptionsCommandTests : IDisposable
{
    private readonly DigestCliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task With_no_subscriptions_it_says_so()
    {
        var (exit, output, _) = await _cli.RunAsync("subscriptions");

        Assert.Equal(0, exit);
        Assert.Equal("No subscriptions.", output.Trim());
    }

    [Fact]
    public async Task Subscriptions_made_through_the_engine_are_listed_from_the_store()
    {
        using (var host = ChatBotHostFactory.CreateCli(new Dictionary<string, string?>
        {
            ["ChatBot:Data:Path"] = _cli.DataFolder,
            ["ChatBot:Corpus:Path"] = Path.Combine(_cli.RepoRoot, "corpus"),
        }, _cli.RepoRoot))
        {
            var digests = host.Services.GetRequiredService<IDigestService>();
            await digests.SubscribeAsync(new ChannelKey("discord", "42"), null, null, false, default);
            await digests.SubscribeAsync(new ChannelKey("teams", "19:x"), "0 18 * * FRI", "Asia/Seoul", false, default);
        }

        var (exit, output, _) = await _cli.RunAsync("subscriptions");
        var (jsonExit, json, _) = await _cli.RunAsync("subscriptions", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("discord:42  \"0 9 * * MON\" Europe/Brussels  next ", output);
        Assert.Contains("teams:19:x  \"0 18 * * FRI\" Asia/Seoul  next ", output);
        Assert.Equal(0, jsonExit);
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["discord", "teams"], rows.Select(r => r.GetProperty("platform").GetString()));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r.GetProperty("next_run").ValueKind));
    }
}
