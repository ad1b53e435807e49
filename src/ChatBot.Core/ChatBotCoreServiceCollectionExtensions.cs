using ChatBot.Core.Configuration;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Sources;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core;

public static class ChatBotCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: paths, knowledge base and retrieval, answers, topics, summaries,
    /// digests and the store. No hosted services; see <see cref="AddChatBotWorkers"/>.
    /// </summary>
    public static IServiceCollection AddChatBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorpusOptions>().Bind(configuration.GetSection(CorpusOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var corpus = sp.GetRequiredService<IOptions<CorpusOptions>>().Value.Path;
            var data = sp.GetRequiredService<IOptions<DataOptions>>().Value.Path;
            return new ChatBotPaths(Path.GetFullPath(corpus, root), Path.GetFullPath(data, root));
        });
        // The one clock of the process; tests replace it with a FakeTimeProvider.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LostClaims>();

        services.AddKnowledgeEngine(configuration);
        services.AddTopicsAndDigests(configuration);
        services.AddSources(configuration);
        services.TryAddSingleton<ConversationService>();
        // One de-duplication for every platform's redelivered events. The window outlasts a
        // Discord interaction signature (accepted up to 5 minutes either side of its timestamp)
        // and Teams' retries of a slow request.
        services.TryAddSingleton(sp => new RecentEventIds(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMinutes(15), capacity: 100_000));
        // Only a store several workers share records event ids: one worker's SQLite file would
        // add a write per event for nothing its memory does not already catch.
        services.TryAddSingleton(sp => new EventDeduplicator(
            sp.GetRequiredService<RecentEventIds>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventDeduplicator>>(),
            sp.GetService<IOptions<StoreOptions>>()?.Value.IsPostgres == true ? sp.GetService<IEventLedger>() : null));
        return services;
    }

    /// <summary>
    /// Registers the long-running parts of the worker: indexing at start-up, the digest
    /// scheduler and the source fetch. CLI commands do not call this.
    /// </summary>
    public static IServiceCollection AddChatBotWorkers(this IServiceCollection services)
    {
        services.AddKnowledgeWorkers();
        services.AddDigestWorkers();
        services.AddSourceWorkers();
        return services;
    }
}
