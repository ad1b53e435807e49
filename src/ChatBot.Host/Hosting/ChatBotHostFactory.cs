using ChatBot.Core;
using ChatBot.Discord;
using ChatBot.Teams;
using ChatBot.Host.Observability;
using ChatBot.Host.Web;
using Microsoft.Extensions.Hosting;

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
        AddOverrides(builder.Configuration, overrides);

        builder.Services.AddChatBotCore(builder.Configuration);
        builder.Services.AddChatBotWorkers();
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

    public static IHost CreateCli(IReadOnlyDictionary<string, string?>? overrides = null, string? contentRoot = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot ?? ContentRootLocator.Locate(Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
        });
        AddOverrides(builder.Configuration, overrides);
        // CLI output belongs to the command; engine logs would interleave with it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddChatBotCore(builder.Configuration);
        return builder.Build();
    }

    private static void AddOverrides(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?>? overrides)
    {
        if (overrides is { Count: > 0 })
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
