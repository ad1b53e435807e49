using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Host.Hosting;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Testing;
using ChatBot.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Tests.Support;

/// <summary>The real worker (<see cref="ChatBotHostFactory.CreateWorker"/>) on loopback, pointed at <see cref="FakeMicrosoft"/>.</summary>
public sealed class TeamsTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDataPath;

    private TeamsTestHost(WebApplication app, string? ownedDataPath, FakeMicrosoft microsoft)
    {
        _app = app;
        _ownedDataPath = ownedDataPath;
        Microsoft = microsoft;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
    }

    public FakeMicrosoft Microsoft { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public LogCapture Logs => Services.GetServices<ILoggerProvider>().OfType<LogCapture>().Single();

    // Resolved as itself: the host decorates IAnswerEngine (metrics), so the interface is not the stub.
    public FakeFixedAnswerEngine Engine => Services.GetRequiredService<FakeFixedAnswerEngine>();

    public FakeConversationStore Store => (FakeConversationStore)Services.GetRequiredService<IConversationStore>();

    public FakeAnswerLog AnswerLog => (FakeAnswerLog)Services.GetRequiredService<IAnswerLog>();

    /// <param name="real">Which Core services are the real ones; the rest are the doubles of CoreDoubles.cs and TeamsFakes.cs.</param>
    /// <param name="configure">Last word on services (e.g. a FakeTimeProvider).</param>
    /// <param name="dataPath">A data folder to reuse (restart tests); the caller deletes it. Null: a fresh one, deleted on dispose.</param>
    public static async Task<TeamsTestHost> StartAsync(FakeMicrosoft microsoft, bool withAppId = true, IReadOnlyDictionary<string, string?>? extra = null,
        RealServices real = RealServices.None, string? dataPath = null, Action<IServiceCollection>? configure = null)
    {
        var data = dataPath ?? Path.Combine(Path.GetTempPath(), "chatbot-teams-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Web:Urls"] = "http://127.0.0.1:0",
            ["ChatBot:Data:Path"] = data,
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Semantic:Enabled"] = "false",
            // The repository lists real public sources; tests never reach the internet.
            ["ChatBot:Sources:FetchInterval"] = "00:00:00",
            ["Teams:AppId"] = withAppId ? TestKey.AppId : "",
            ["Teams:AppPassword"] = withAppId ? TestKey.AppPassword : "",
            ["Teams:OpenIdMetadataUrl"] = microsoft.MetadataUrl,
            ["Teams:TokenEndpoint"] = microsoft.TokenUrl,
            // The loopback fake is the only Connector the worker may talk to (plain http: loopback only).
            ["Teams:AllowedServiceUrls:0"] = microsoft.ServiceUrl,
            ["Teams:GraphBaseUrl"] = microsoft.GraphUrl,
            ["Discord:Token"] = "",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = ChatBotHostFactory.CreateWorker([], overrides, RepositoryPaths.Root, services =>
        {
            services.AddSingleton<ILoggerProvider, LogCapture>();
            if (!real.HasFlag(RealServices.Engine))
            {
                services.AddSingleton<FakeFixedAnswerEngine>();
                services.AddSingleton<IAnswerEngine>(sp => sp.GetRequiredService<FakeFixedAnswerEngine>());
            }
            if (!real.HasFlag(RealServices.TopicsAndDigests))
            {
                services.AddSingleton<IConversationStore, FakeConversationStore>();
                services.AddSingleton<IAnswerLog, FakeAnswerLog>();
                services.AddSingleton<ITopicCatalog>(TeamsFakes.Topics());
                services.AddSingleton<ISummaryService>(sp => TeamsFakes.Summaries(sp.GetRequiredService<ITopicCatalog>()));
                services.AddSingleton<IDigestService>(sp => new FakeDigestService(sp.GetServices<IDigestPublisher>(), TeamsFakes.Digest));
            }
            configure?.Invoke(services);
        });
        await app.StartAsync();
        return new TeamsTestHost(app, dataPath is null ? data : null, microsoft);
    }

    /// <summary>Posts an activity with a valid token unless <paramref name="token"/> says otherwise ("" = no header).</summary>
    public async Task<HttpResponseMessage> PostAsync(string json, string? token = null, string? serviceUrlForToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        token ??= TestTokens.Create(Microsoft.SigningKey, serviceUrlForToken ?? Microsoft.ServiceUrl);
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(object activity, string? token = null) =>
        PostAsync(JsonSerializer.Serialize(activity), token);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        DeleteFolder(_ownedDataPath);
    }

    public static void DeleteFolder(string? path)
    {
        if (path is null || !Directory.Exists(path))
        {
            return;
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle for a moment; a leftover temp folder is harmless.
        }
    }
}
