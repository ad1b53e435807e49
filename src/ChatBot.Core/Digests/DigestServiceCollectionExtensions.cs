using ChatBot.Core.Answers;
using ChatBot.Core.Coordination;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Digests;

public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// Topics, summaries, the store and digest operations. Needs the engine's
    /// <see cref="IKnowledgeBase"/> and <see cref="Search.IPassageSearcher"/>; platform adapters add
    /// their <see cref="IDigestPublisher"/>.
    /// </summary>
    public static IServiceCollection AddTopicsAndDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatStore(configuration);
        services.AddOptions<TopicOptions>().Bind(configuration.GetSection(TopicOptions.Section));
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>());

        services.TryAddSingleton(sp => new TopicCatalog(
            TopicFile.Load(TopicListPath(sp)),
            sp.GetRequiredService<IKnowledgeBase>()));
        services.TryAddSingleton<ITopicCatalog>(sp => sp.GetRequiredService<TopicCatalog>());
        // Summaries hold the subject with the answer engine's partner file, read once.
        services.TryAddSingleton(sp => Partners.Load(Path.GetFullPath(sp.GetRequiredService<IOptions<AnswerOptions>>().Value.PartnersPath, AppContext.BaseDirectory)));
        services.TryAddSingleton<ISummaryService, SummaryService>();

        // Change stamps, digest windows, cron times and retries all on the schedule clock: the
        // database server's where workers share it, so no worker's clock puts them out of step.
        services.TryAddSingleton(DatabaseClock.Build<CorpusChangeTracker>);
        services.TryAddSingleton<IDigestComposer, DigestComposer>();
        services.TryAddSingleton(DatabaseClock.Build<DigestRunner>);
        services.TryAddSingleton(DatabaseClock.Build<DigestService>);
        services.TryAddSingleton<IDigestService>(sp => sp.GetRequiredService<DigestService>());
        return services;
    }

    /// <summary>The scheduler that posts due digests. The worker calls this; CLI commands do not.</summary>
    public static IServiceCollection AddDigestWorkers(this IServiceCollection services)
    {
        services.TryAddSingleton(DatabaseClock.Build<DigestScheduler>);
        services.AddHostedService(sp => sp.GetRequiredService<DigestScheduler>());
        return services;
    }

    private static string TopicListPath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<TopicOptions>>().Value.Path;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.Combine(AppContext.BaseDirectory, "Data", "topics.yaml");
        }
        var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(configured, root);
    }
}
