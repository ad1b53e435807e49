using ChatBot.Core.Answers;
using ChatBot.Core.Search;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.Core.Knowledge;

public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>
    /// The knowledge base (one per process: it owns the index directory and searchers), passage
    /// search and the answer engine. <see cref="IAnswerEngine"/> resolves through a factory over the
    /// concrete <see cref="AnswerEngine"/>, so a host can decorate it (metrics, logging).
    /// </summary>
    public static IServiceCollection AddKnowledgeEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IndexOptions>().Bind(configuration.GetSection(IndexOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerOptions>().Bind(configuration.GetSection(AnswerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSemanticRetrieval(configuration);
        services.TryAddSingleton<KnowledgeBase>();
        services.TryAddSingleton<IKnowledgeBase>(sp => sp.GetRequiredService<KnowledgeBase>());
        services.TryAddSingleton<IPassageSearcher, LucenePassageSearcher>();
        services.TryAddSingleton<AnswerEngine>();
        services.TryAddSingleton<IAnswerEngine>(sp => sp.GetRequiredService<AnswerEngine>());
        return services;
    }

    /// <summary>Refreshes the index when the worker starts; answers wait for it.</summary>
    public static IServiceCollection AddKnowledgeWorkers(this IServiceCollection services)
    {
        // First: a second worker on this data folder must stop before it touches the index.
        services.AddHostedService<DataFolderLock>();
        services.AddHostedService<KnowledgeIndexingService>();
        return services;
    }
}
