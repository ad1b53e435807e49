using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.Core.Semantic;

public static class SemanticServiceCollectionExtensions
{
    /// <summary>
    /// Dense retrieval: options (validated at start-up), the packaged sentence encoder and the
    /// vector index the knowledge base attaches its snapshots to. With
    /// <c>ChatBot:Semantic:Enabled=false</c> the index stays inert and no model is loaded.
    /// </summary>
    public static IServiceCollection AddSemanticRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SemanticOptions>().Bind(configuration.GetSection(SemanticOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ITextEmbedder, SentenceTransformerEmbedder>();
        services.TryAddSingleton<SemanticIndex>();
        return services;
    }
}
