using ChatBot.Core.Knowledge;

namespace ChatBot.Host.Observability;

/// <summary>Ready once the index is loaded; resolved lazily because the engine may not be registered.</summary>
internal sealed class KnowledgeBaseReadinessCheck(IServiceProvider services) : IReadinessCheck
{
    public string Name => "index";

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var knowledge = services.GetService<IKnowledgeBase>();
        var result = knowledge switch
        {
            null => ReadinessResult.Fail("no knowledge base is registered"),
            { IsReady: true } => ReadinessResult.Pass($"index loaded ({knowledge.Documents.Count} documents)"),
            { WhenReady.IsFaulted: true } => ReadinessResult.Fail(
                "index failed to load: " + (knowledge.WhenReady.Exception?.GetBaseException().Message ?? "unknown error")),
            _ => ReadinessResult.Fail("index is still loading"),
        };
        return Task.FromResult(result);
    }
}
