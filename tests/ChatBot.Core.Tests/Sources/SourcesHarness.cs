using ChatBot.Core.Tests.Fakes;
using ChatBot.Testing;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Tests.Sources;

/// <summary>
/// The engine's services as the worker registers them, over a throw-away data folder, a source
/// list written by the test and a <see cref="FakeSite"/> on loopback (allowed as a private
/// network, as production never does). Retries are immediate so failures are fast.
/// </summary>
public sealed class SourcesHarness : IAsyncDisposable
{
    private SourcesHarness(IHost host, TempFolder folder, FakeSite site, FakeLoggerProvider logs)
    {
        Host = host;
        Folder = folder;
        Site = site;
        Logs = logs;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public TempFolder Folder { get; }

    public FakeSite Site { get; }

    public FakeLoggerProvider Logs { get; }

    public string DataPath => Path.Combine(Folder.Path, "data");

    public string SourcesPath => Path.Combine(DataPath, "sources");

    public static SourcesHarness Create(
        string? sourcesYaml = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        bool workers = false)
    {
        var folder = new TempFolder();
        var site = new FakeSite();
        folder.Write("sources.yaml", sourcesYaml ?? "sources: []\n");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        var overrides = new Dictionary<string, string?>
        {
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Data:Path"] = Path.Combine(folder.Path, "data"),
            ["ChatBot:Sources:Path"] = Path.Combine(folder.Path, "sources.yaml"),
            ["ChatBot:Sources:AllowedPrivateNetworks:0"] = "127.0.0.1/32",
            ["ChatBot:Sources:PerHostDelay"] = "00:00:00",
            ["ChatBot:Sources:RetryDelay"] = "00:00:00",
            ["ChatBot:Sources:Retries"] = "1",
            ["ChatBot:Sources:RequestTimeout"] = "00:00:10",
            ["ChatBot:Sources:ContactUrl"] = "https://example.org/chatbot-contact",
            ["ChatBot:Index:RefreshInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        var logs = new FakeLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddChatBotCore(builder.Configuration);
        if (workers)
        {
            builder.Services.AddChatBotWorkers();
        }
        configure?.Invoke(builder.Services);
        return new SourcesHarness(builder.Build(), folder, site, logs);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public void WriteSources(string yaml) => Folder.Write("sources.yaml", yaml);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Site.DisposeAsync();
        Folder.Dispose();
    }
}
