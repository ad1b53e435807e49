using ChatBot.Core.Sources;
using ChatBot.Host.Hosting;
using ChatBot.Host.Tests.Cli;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Host.Tests.Sources;

/// <summary><c>sources list</c> and <c>sources fetch</c> through the real CLI, with no network: a loopback source is refused.</summary>
public sealed class SourcesCommandTests : IDisposable
{
    private readonly DigestCliHarness _cli = new();
    private readonly string _sources;

    public SourcesCommandTests()
    {
        _sources = Path.Combine(_cli.DataFolder, "test-sources.yaml");
        File.WriteAllText(_sources,
            $"""
            sources:
              - id: local-feed
                url: http://127.0.0.1:{FakeSite.ClosedPort()}/feed.xml
                publisher: Nobody
            """);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task List_shows_a_source_never_fetched_then_its_failure_reason_and_next_fetch()
    {
        var (listExit, before, _) = await _cli.RunAsync("sources", "list", "--sources", _sources);
        var (fetchExit, fetched, _) = await _cli.RunAsync("sources", "fetch", "--sources", _sources);
        var (_, after, _) = await _cli.RunAsync("sources", "list", "--sources", _sources);

        Assert.Equal(0, listExit);
        Assert.Contains("local-feed (feed) http://127.0.0.1:", before);
        Assert.Contains("never fetched", before);
        Assert.Equal(0, fetchExit);
        Assert.Contains("local-feed: FAILED (Refused): refused http://127.0.0.1:", fetched);
        Assert.Contains("loopback, private or reserved address", fetched);
        Assert.Contains("Fetched 1 source(s): 0 new, 0 updated document(s), 1 failed", fetched);
        Assert.Contains("failed 1x — refused", after);
        Assert.Matches(@"items 0, next fetch \d{4}-\d\d-\d\d \d\d:\d\d UTC", after);
    }

    [Fact]
    public async Task Only_the_worker_fetches_in_the_background_never_a_command_such_as_ask()
    {
        var settings = new Dictionary<string, string?> { ["ChatBot:Data:Path"] = _cli.DataFolder };
        using var cli = ChatBotHostFactory.CreateCli(settings, _cli.RepoRoot);
        await using var worker = ChatBotHostFactory.CreateWorker([], settings, _cli.RepoRoot);

        Assert.DoesNotContain(cli.Services.GetServices<IHostedService>(), s => s is SourceFetchService);
        Assert.Contains(worker.Services.GetServices<IHostedService>(), s => s is SourceFetchService);
    }

    [Fact]
    public async Task A_broken_source_list_is_one_line_and_exit_code_2()
    {
        File.WriteAllText(_sources, "sources:\n  - id: x\n    url: file:///etc/passwd\n");

        var (exit, _, error) = await _cli.RunAsync("sources", "list", "--sources", _sources);

        Assert.Equal(2, exit);
        Assert.Contains("sources list: ", error);
        Assert.Contains("'url' must be an absolute http(s) URL", error);
    }
}
