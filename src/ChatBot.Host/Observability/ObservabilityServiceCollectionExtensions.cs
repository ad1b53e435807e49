using ChatBot.Core.Answers;
using ChatBot.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.Host.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Metrics registry and the built-in readiness checks.</summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.TryAddSingleton<AnswerMetrics>();
        services.TryAddSingleton<ReadinessProbe>();
        services.TryAddSingleton<RefusalLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, KnowledgeBaseReadinessCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, StoreReadinessCheck>());
        return services;
    }

    /// <summary>
    /// Replaces the last <see cref="IAnswerEngine"/> registration with a <see cref="MeteredAnswerEngine"/>
    /// around it. Call after every other registration (including test replacements) so the engine
    /// every adapter resolves is the metered one. Does nothing when no engine is registered.
    /// </summary>
    public static IServiceCollection DecorateAnswerEngineWithMetrics(this IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IAnswerEngine) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }
        if (index < 0 || services.Any(d => d.ServiceType == typeof(MeteredAnswerEngineMarker)))
        {
            return services;
        }

        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(IAnswerEngine),
            sp =>
            {
                var (engine, owned) = Create(sp, inner);
                return new MeteredAnswerEngine(engine, sp.GetRequiredService<AnswerMetrics>(), sp.GetRequiredService<TimeProvider>(), owned);
            },
            inner.Lifetime);
        services.AddSingleton<MeteredAnswerEngineMarker>();
        services.AddObservability();
        return services;
    }

    private static (IAnswerEngine Engine, bool Owned) Create(IServiceProvider sp, ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationInstance is IAnswerEngine instance)
        {
            return (instance, false);
        }
        if (descriptor.ImplementationFactory is { } factory)
        {
            return ((IAnswerEngine)factory(sp), true);
        }
        var type = descriptor.ImplementationType
            ?? throw new InvalidOperationException("The IAnswerEngine registration has no implementation.");
        return ((IAnswerEngine)ActivatorUtilities.CreateInstance(sp, type), true);
    }

    /// <summary>Remembers that decoration happened, so calling it twice does not count questions twice.</summary>
    private sealed class MeteredAnswerEngineMarker;
}
