using ChatBot.Core;
using ChatBot.Discord;
using ChatBot.Host.Observability;
using ChatBot.Host.Sources;
using ChatBot.Host.Web;
using ChatBot.Teams;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging.Console;

namespace ChatBot.Host.Hosting;

/// <summary>
/// Builds the two shapes of the process: the full worker (web endpoints, adapters, indexing and
/// the digest scheduler) and the lighter host CLI commands use (engine services only).
/// </summary>
public static class ChatBotHostFactory
{
    /// <param name="overrides">Configuration that wins over files and environment (CLI options, tests).</param>
    /// <param name="configureServices">Applied after every registration, so tests can replace services (e.g. TimeProvider).</param>
    public static WebApplication CreateWorker(
        string[] args,
        IReadOnlyDictionary<string, string?>? overrides = null,
        string? contentRoot = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot ?? ContentRootLocator.Locate(Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
        });
        AddUserSecrets(builder.Configuration);
        AddOverrides(builder.Configuration, overrides);
        QuietHttpClientLogs(builder.Logging, builder.Configuration);

        builder.Services.AddChatBotCore(builder.Configuration);
        builder.Services.AddChatBotWorkers();
        builder.Services.AddHealthChecks().AddCheck<SourcesHealthCheck>("sources", tags: ["sources"]);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        builder.Services.AddTeamsAdapter(builder.Configuration);
        builder.AddWebChat();
        configureServices?.Invoke(builder.Services);
        // Last, so the engine every adapter (and any test replacement) resolves is the metered one.
        builder.Services.DecorateAnswerEngineWithMetrics();

        var app = builder.Build();
        app.MapWebChat();
        app.MapDiscordInteractions();
        app.MapTeamsMessages();
        return app;
    }

    /// <param name="defaults">Values used only where no configuration source sets the key.</param>
    public static IHost CreateCli(
        IReadOnlyDictionary<string, string?>? overrides = null,
        string? contentRoot = null,
        IReadOnlyDictionary<string, string?>? defaults = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot ?? ContentRootLocator.Locate(Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
        });
        AddOverrides(builder.Configuration, defaults?.Where(d => builder.Configuration[d.Key] is null).ToDictionary());
        AddOverrides(builder.Configuration, overrides);
        // CLI output belongs to the command; engine logs would interleave with it. The warnings
        // that remain (an index rebuilt after damage, say) go to stderr, so `ask --json` stays JSON.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        QuietHttpClientLogs(builder.Logging, builder.Configuration);
        builder.Services.AddChatBotCore(builder.Configuration);
        return builder.Build();
    }

    /// <summary>
    /// Bot tokens and passwords live in user-secrets on a developer's machine, but <c>dotnet run</c>
    /// starts in Production, where the default builder skips them, so a token set there was
    /// silently ignored. They are read in every environment (optional: a server has none), ranked
    /// below environment variables and the command line exactly as in Development.
    /// </summary>
    private static void AddUserSecrets(ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        if (sources.Any(source => source is JsonConfigurationSource { Path: "secrets.json" }))
        {
            return; // Development with ChatBot.Host as the entry assembly: the default builder added them.
        }
        var secrets = new ConfigurationBuilder()
            .AddUserSecrets(typeof(ChatBotHostFactory).Assembly, optional: true, reloadOnChange: false)
            .Sources[0];
        // Right after the appsettings files (whose empty placeholders must not hide a secret), and
        // before the unprefixed environment variables (ASPNETCORE_/DOTNET_ ones come earlier).
        var lastSettingsFile = sources.ToList().FindLastIndex(source =>
            source is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
        sources.Insert(lastSettingsFile + 1, secrets);
    }

    /// <summary>
    /// HttpClient logs four Information lines per outgoing request (every Teams reply, every Discord
    /// edit): megabytes a minute under load. Warning unless configuration names the category itself.
    /// </summary>
    internal static void QuietHttpClientLogs(ILoggingBuilder logging, IConfiguration configuration)
    {
        const string category = "System.Net.Http.HttpClient";
        if (configuration[$"Logging:LogLevel:{category}"] is null)
        {
            logging.AddFilter(category, LogLevel.Warning);
        }
    }

    private static void AddOverrides(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?>? overrides)
    {
        if (overrides is { Count: > 0 })
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
