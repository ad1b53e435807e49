using ChatBot.Core.Answers;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Host.Hosting;
using ChatBot.Testing;
using ChatBot.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>The real worker (ChatBotHostFactory.CreateWorker) wired to a <see cref="FakeDiscord"/>.</summary>
public sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly string? _dataPath;
    private readonly HttpClient _http = new();

    private DiscordTestHost(WebApplication app, string? dataPath, Key signingKey, CapturingLoggerProvider logs)
    {
        App = app;
        _dataPath = dataPath;
        SigningKey = signingKey;
        Logs = logs;
    }

    public WebApplication App { get; }

    public Key SigningKey { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri BaseAddress { get; private set; } = null!;

    // Resolved as itself: the host decorates IAnswerEngine (metrics), so the interface is not the recorder.
    public FakeRecordingAnswerEngine Engine => App.Services.GetRequiredService<FakeRecordingAnswerEngine>();

    public FakeAnswerLog AnswerLog => (FakeAnswerLog)App.Services.GetRequiredService<IAnswerLog>();

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Posts an interaction to <c>/discord/interactions</c> signed as Discord would sign it.</summary>
    public Task<HttpResponseMessage> PostInteractionAsync(object interaction) => SendSignedAsync(Sign(interaction));

    /// <summary>The exact bytes and headers Discord would send, to be sent (and replayed) with <see cref="SendSignedAsync"/>.</summary>
    public SignedInteraction Sign(object interaction)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(interaction);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(SigningKey, System.Text.Encoding.UTF8.GetBytes(timestamp + body));
        return new SignedInteraction(body, timestamp, Convert.ToHexString(signature).ToLowerInvariant());
    }

    public async Task<HttpResponseMessage> SendSignedAsync(SignedInteraction signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "discord/interactions"))
        {
            Content = new StringContent(signed.Body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Signature-Ed25519", signed.Signature);
        request.Headers.Add("X-Signature-Timestamp", signed.Timestamp);
        return await _http.SendAsync(request);
    }

    public FakeDigestService Digests => (FakeDigestService)App.Services.GetRequiredService<IDigestService>();

    public DiscordGatewayClient Gateway => App.Services.GetRequiredService<DiscordGatewayClient>();

    /// <param name="doubles">True: answer log, topics, summaries and digests are in-memory doubles with fixed content; false: the real services over corpus/ and SQLite.</param>
    /// <param name="dataPath">A data folder to reuse (a restart); the caller then owns and deletes it.</param>
    /// <param name="configure">Last word on services (e.g. a failing answer log).</param>
    public static async Task<DiscordTestHost> StartAsync(FakeDiscord fake, IDictionary<string, string?>? settings = null, bool gateway = true, bool doubles = true, string? dataPath = null,
        Action<IServiceCollection>? configure = null)
    {
        var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var publicKey = Convert.ToHexString(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToLowerInvariant();
        var ownsData = dataPath is null;
        dataPath ??= NewDataPath();
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Web:Urls"] = "http://127.0.0.1:0",
            ["ChatBot:Data:Path"] = dataPath,
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Semantic:Enabled"] = "false",
            // The repository lists real public sources; tests never reach the internet.
            ["ChatBot:Sources:FetchInterval"] = "00:00:00",
            ["Discord:Token"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:PublicKey"] = publicKey,
            ["Discord:GuildId"] = "",
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:Gateway:Enabled"] = gateway ? "true" : "false",
            ["Discord:Gateway:IdentifyWindow"] = "00:00:00.050",
            ["Discord:Gateway:InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord:Gateway:InvalidSessionDelayMax"] = "00:00:00.050",
            ["Discord:Gateway:ReconnectDelayMax"] = "00:00:00.050",
            ["Discord:Rest:RetryBaseDelay"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[name] = value;
        }

        var logs = new CapturingLoggerProvider();
        var app = ChatBotHostFactory.CreateWorker([], overrides, RepositoryPaths.Root, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // The real engine over the repo's corpus, with a recorder in front of it.
            var engine = services.Single(d => d.ServiceType == typeof(IAnswerEngine));
            services.Remove(engine);
            services.AddSingleton(sp => new FakeRecordingAnswerEngine((IAnswerEngine)engine.ImplementationFactory!(sp)));
            services.AddSingleton<IAnswerEngine>(sp => sp.GetRequiredService<FakeRecordingAnswerEngine>());
            if (doubles)
            {
                UseDoubles(services);
            }
            configure?.Invoke(services);
        });
        await app.StartAsync();
        var host = new DiscordTestHost(app, ownsData ? dataPath : null, key, logs);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return host;
    }

    private static void UseDoubles(IServiceCollection services)
    {
        services.RemoveAll<IAnswerLog>();
        services.AddSingleton<IAnswerLog, FakeAnswerLog>();
        services.RemoveAll<ITopicCatalog>();
        services.AddSingleton<ITopicCatalog>(DiscordFakes.Topics());
        services.RemoveAll<ISummaryService>();
        services.AddSingleton<ISummaryService>(sp => DiscordFakes.Summaries(sp.GetRequiredService<ITopicCatalog>()));
        services.RemoveAll<IDigestService>();
        services.AddSingleton<IDigestService>(sp => DiscordFakes.Digests(sp.GetServices<IDigestPublisher>()));
    }

    public static string NewDataPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "chatbot-discord-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDataPath(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
        SigningKey.Dispose();
        _http.Dispose();
        if (_dataPath is not null)
        {
            DeleteDataPath(_dataPath);
        }
    }
}
