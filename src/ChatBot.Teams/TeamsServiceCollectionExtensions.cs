using ChatBot.Core.Diagnostics;
using ChatBot.Core.Digests;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Auth;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Digests;
using ChatBot.Teams.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>Registers the Teams adapter: options, inbound auth, Connector, inbox, renderer and digest publisher.</summary>
    public static IServiceCollection AddTeamsAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());

        // No client follows redirects: a 3xx must never carry a token (or a post) to another host.
        services.AddHttpClient(BotFrameworkTokenValidator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddHttpClient(ConnectorTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddHttpClient(GraphClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        // A digest post may take up to PublishTimeout; giving up sooner would turn a slow success into a failure and a repost.
        services.AddHttpClient(nameof(ConnectorClient), (sp, c) => c.Timeout = ConnectorTimeout(sp.GetRequiredService<IOptions<DigestOptions>>().Value))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        // One client for the process (the digest runner and the inbox hold on to it); the handler
        // recycles pooled connections, so DNS changes stay visible.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConnectorClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ConnectorClient))));

        services.AddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<RefusalLog>();
        services.AddSingleton<GraphClient>();

        services.AddSingleton<BotFrameworkTokenValidator>();
        services.AddSingleton<ConnectorTokenProvider>();
        services.AddSingleton<TeamsAnswerRenderer>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<InboxBacklog>();
        services.AddSingleton<TeamsActivityHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDigestPublisher, TeamsDigestPublisher>());
        services.AddHostedService<InboxProcessor>();
        services.AddHostedService<TeamsStartupReport>();
        return services;
    }

    internal static TimeSpan ConnectorTimeout(DigestOptions? digests)
    {
        var minimum = TimeSpan.FromSeconds(100);
        return digests is not null && digests.PublishTimeout > minimum ? digests.PublishTimeout : minimum;
    }

    private static HttpMessageHandler NoRedirects() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>Maps <c>POST /api/messages</c> (Bot Framework activities, also the Emulator's).</summary>
    public static IEndpointRouteBuilder MapTeamsMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MessagesEndpoint.Route, MessagesEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }
}
