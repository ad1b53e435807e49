using ChatBot.Core.Diagnostics;
using ChatBot.Core.Digests;
using ChatBot.Discord.Commands;
using ChatBot.Discord.Digests;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Interactions;
using ChatBot.Discord.Messages;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord adapter when <c>Discord:Token</c> is set: REST client, gateway,
    /// interactions, command registration and the digest publisher. Without a token nothing but
    /// a one-time "adapter off" notice is registered.
    /// </summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DiscordOptions.Section);
        var options = section.Get<DiscordOptions>() ?? new DiscordOptions();
        if (!options.Enabled)
        {
            services.AddHostedService<DiscordOffNotice>();
            return services;
        }

        services.AddOptions<DiscordOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DigestTakeoverValidator>());

        services.AddHttpClient(nameof(DiscordRestClient), (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUri;
                http.Timeout = TimeSpan.FromSeconds(30);
            })
            // The client lives as long as the process; recycling pooled connections keeps DNS changes visible.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The default request logs print full URLs, and webhook URLs carry interaction tokens; the client logs masked routes itself.
            .RemoveAllLoggers();
        // One client for the process: its rate-limit state must be shared by every caller.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DiscordRestClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DiscordRestClient))));

        services.AddSingleton<DiscordAnswerRenderer>();
        services.AddSingleton<DiscordBotIdentity>();
        services.AddSingleton<DiscordReplyRenderer>();
        services.AddSingleton<MessageHandler>();
        services.AddSingleton<InteractionHandler>();
        services.AddSingleton<DiscordBackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordBackgroundWork>());
        services.AddSingleton<IGatewayDispatchHandler, DiscordEventRouter>();

        services.AddSingleton<CommandRegistrar>();
        services.AddHostedService(sp => sp.GetRequiredService<CommandRegistrar>());
        services.AddSingleton<IdentifyGate>();
        services.AddSingleton<DiscordGatewayClient>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordGatewayClient>());
        services.AddHealthChecks().AddCheck<DiscordGatewayHealthCheck>("discord-gateway", tags: ["discord"]);

        services.AddSingleton<DiscordDigestPublisher>();
        services.AddSingleton<IDigestPublisher>(sp => sp.GetRequiredService<DiscordDigestPublisher>());

        if (!string.IsNullOrWhiteSpace(options.PublicKey))
        {
            services.TryAddSingleton<RefusalLog>();
            services.AddSingleton(sp => new Ed25519SignatureVerifier(
                sp.GetRequiredService<IOptions<DiscordOptions>>().Value.PublicKey!,
                sp.GetRequiredService<TimeProvider>()));
        }
        return services;
    }

    /// <summary>Maps <c>POST /discord/interactions</c> (HTTP interactions endpoint) when a token and public key are configured.</summary>
    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<Ed25519SignatureVerifier>() is null)
        {
            return endpoints;
        }
        endpoints.MapPost(InteractionsEndpoint.Route, InteractionsEndpoint.HandleAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(InteractionsEndpoint.MaxBodyBytes));
        return endpoints;
    }

    private sealed class DiscordOffNotice(ILogger<DiscordOffNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Discord adapter is off: no Discord:Token configured (set it via the Discord__Token environment variable or user-secrets)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
