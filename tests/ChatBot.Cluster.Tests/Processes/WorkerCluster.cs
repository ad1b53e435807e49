using ChatBot.Cluster.Tests.Fakes;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing;

namespace ChatBot.Cluster.Tests.Processes;

/// <summary>
/// Several worker processes of one bot: one fake Discord (each worker reaches it through its own
/// prefix, so the fake knows who sent what), one fake Connector, one store configuration, and a
/// shard range per worker. Intervals are short through options, not through a fake clock.
/// </summary>
public sealed class WorkerCluster : IAsyncDisposable
{
    private readonly List<WorkerProcess> _workers = [];

    private WorkerCluster(FakeDiscord discord, FakeConnector connector)
    {
        Discord = discord;
        Connector = connector;
    }

    public FakeDiscord Discord { get; }

    public FakeConnector Connector { get; }

    public IReadOnlyList<WorkerProcess> Workers => _workers;

    public WorkerProcess this[string name] => _workers.Single(w => w.Name == name);

    public static async Task<WorkerCluster> StartFakesAsync()
    {
        var discord = await FakeDiscord.StartAsync();
        var connector = await FakeConnector.StartAsync();
        return new WorkerCluster(discord, connector);
    }

    /// <param name="store">The store settings every worker shares (environment variable names).</param>
    public WorkerProcess Add(string name, string shardIds, IReadOnlyDictionary<string, string> store)
    {
        var settings = new Dictionary<string, string>
        {
            ["ChatBot__Corpus__Path"] = RepositoryPaths.Corpus,
            ["ChatBot__Semantic__Enabled"] = "false",
            // The repository lists real public sources; tests never reach the internet.
            ["ChatBot__Sources__FetchInterval"] = "00:00:00",
            ["ChatBot__Digests__DefaultTimeZone"] = "UTC",
            ["ChatBot__Digests__PollInterval"] = "00:00:01",
            ["ChatBot__Digests__RetryDelay"] = "00:00:01",
            ["ChatBot__Digests__MaxRetryDelay"] = "00:00:02",
            ["Discord__Token"] = FakeDiscord.Token,
            ["Discord__ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord__PublicKey"] = "",
            ["Discord__GuildId"] = "",
            ["Discord__ApiBaseUrl"] = Discord.ApiBaseUrlFor(name),
            ["Discord__Shards"] = "auto",
            ["Discord__ShardIds"] = shardIds,
            ["Discord__Gateway__IdentifyWindow"] = "00:00:00.400",
            // A killed worker's shards wait for its lease to run out before anyone identifies them again.
            ["Discord__Gateway__ShardLease"] = "00:00:05",
            ["Discord__Gateway__InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord__Gateway__InvalidSessionDelayMax"] = "00:00:00.050",
            ["Discord__Gateway__ReconnectDelayMax"] = "00:00:00.500",
            ["Discord__Rest__RetryBaseDelay"] = "00:00:00.050",
            // No app id: Emulator mode, so the fake Connector needs no tokens; the inbox and dedup are the same.
            ["Teams__AppId"] = "",
            ["Teams__AppPassword"] = "",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in store)
        {
            settings[key] = value;
        }
        var worker = new WorkerProcess(name, settings);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Every worker's captured output, for a failure message.</summary>
    public string Output => string.Join("\n\n", _workers.Select(w => w.Output));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_workers.Select(w => w.DisposeAsync().AsTask()));
        await Discord.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
