using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Core.Knowledge;

public static class KnowledgeServiceCollectionExtensions
{
    // Owned by the engine work (issue #2): corpus loading, index, retrieval, answers.
    public static IServiceCollection AddKnowledgeEngine(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IServiceCollection AddKnowledgeWorkers(this IServiceCollection services)
    {
        return services;
    }
}
