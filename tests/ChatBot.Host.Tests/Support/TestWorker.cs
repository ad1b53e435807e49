using ChatBot.Host.Hosting;
using ChatBot.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.Host.Tests.Support;

/// <summary>
/// The real worker (<see cref="ChatBotHostFactory.CreateWorker"/>) on Kestrel, on a free loopback
/// port, with a throw-away data folder and the repository's corpus.
/// </summary>
public sealed class TestWorker : IAsyncDisposable
{
    private TestWorker(WebApplication app, Uri baseAddress, string dataPath)
    {
        App = app;
        BaseAddress = baseAddress;
        DataPath = dataPath;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataPath { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="configureServices">Replacements applied after every registration (test doubles).</param>
    /// <param name="settings">Extra configuration; <c>Urls</c> defaults to <c>http://127.0.0.1:0</c> unless <paramref name="useWebUrls"/>.</param>
    /// <param name="useWebUrls">Leave <c>Urls</c> unset so the worker applies <c>Web:Urls</c> itself.</param>
    public static async Task<TestWorker> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool useWebUrls = false)
    {
        var dataPath = Directory.CreateTempSubdirectory("chatbot-host-tests-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Data:Path"] = dataPath,
            ["Web:Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Adapter and web tests need answers, not the embedding model's CPU; Semantic tests cover it.
            ["ChatBot:Semantic:Enabled"] = "false",
            // The repository lists real public sources; tests never reach the internet.
            ["ChatBot:Sources:FetchInterval"] = "00:00:00",
        };
        if (!useWebUrls)
        {
            overrides["Urls"] = "http://127.0.0.1:0";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = ChatBotHostFactory.CreateWorker([], overrides, RepositoryPaths.Root, configureServices);
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.Single();
            return new TestWorker(app, new Uri(address), dataPath);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(dataPath, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A background indexer may still hold a file for a moment; the folder is in /tmp anyway.
        }
    }
}
