using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Core.Digests;

public static class DigestServiceCollectionExtensions
{
    // Owned by the summaries/digests work (issue #3): topics, summaries, store, digests, scheduler.
    public static IServiceCollection AddTopicsAndDigests(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IServiceCollection AddDigestWorkers(this IServiceCollection services)
    {
        return services;
    }
}
