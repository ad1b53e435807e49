using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    // Owned by the Discord adapter work (issue #5). With no token configured the adapter stays off.
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    /// <summary>Maps <c>POST /discord/interactions</c> (HTTP interactions endpoint).</summary>
    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
