using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams;

public static class TeamsServiceCollectionExtensions
{
    // Owned by the Teams adapter work (issue #6).
    public static IServiceCollection AddTeamsAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> (Bot Framework activities, also the Emulator's).</summary>
    public static IEndpointRouteBuilder MapTeamsMessages(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
