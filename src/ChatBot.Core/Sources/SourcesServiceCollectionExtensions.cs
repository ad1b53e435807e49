using System.Net;
using ChatBot.Core.Coordination;
using ChatBot.Core.Sources.Extraction;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Core.Sources.Storing;
using ChatBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

namespace ChatBot.Core.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// The source list, the guarded HTTP client (resilience: retries with jitter, per-attempt
    /// timeout, a circuit breaker per host), extraction, storage and the fetch runner. Needs the
    /// store and the knowledge base (see <see cref="ChatBotCoreServiceCollectionExtensions.AddChatBotCore"/>).
    /// </summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SourceOptions>().Bind(configuration.GetSection(SourceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourceOptions>, SourceOptionsValidator>());

        services.TryAddSingleton(sp => new AddressPolicy(sp.GetRequiredService<IOptions<SourceOptions>>().Value.AllowedPrivateNetworks));
        services.TryAddSingleton<GuardedConnector>();
        services.TryAddSingleton(sp => new HostThrottle(sp.GetRequiredService<IOptions<SourceOptions>>().Value.PerHostDelay, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RobotsCache>();
        services.TryAddSingleton<WebFetcher>();
        services.TryAddSingleton<PageExtractor>();
        services.TryAddSingleton<SourceDocumentStore>();
        services.TryAddSingleton<ISourceStateStore>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<SourceCatalog>();
        services.TryAddSingleton<SourceFetcher>();
        services.TryAddSingleton(DatabaseClock.Build<SourceFetchRunner>);

        services.AddHttpClient(WebFetcher.ClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<SourceOptions>>().Value;
                // Timeouts belong to the resilience pipeline (per attempt and in total).
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd($"{options.BotName}/1.0 (+{options.ContactUrl})");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // followed by hand: each hop is checked and counted
                UseProxy = false, // the connector must see the real destination
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All, // bodies are counted after decompression
                ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync,
                ConnectTimeout = sp.GetRequiredService<IOptions<SourceOptions>>().Value.RequestTimeout,
                MaxResponseHeadersLength = 64,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddStandardResilienceHandler()
            .SelectPipelineByAuthority()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<SourceOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.RequestTimeout;
                resilience.Retry.MaxRetryAttempts = options.Retries;
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.UseJitter = true;
                resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                var worstDelays = TimeSpan.FromTicks(options.RetryDelay.Ticks * (1L << Math.Min(options.Retries + 1, 20)));
                resilience.TotalRequestTimeout.Timeout = options.RequestTimeout * (options.Retries + 1) + worstDelays + TimeSpan.FromSeconds(1);
                var sampling = options.RequestTimeout * 2 + TimeSpan.FromSeconds(1);
                resilience.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
                // A refused address is policy, not a transient fault: never retried, never counted against the host.
                var retry = resilience.Retry.ShouldHandle;
                resilience.Retry.ShouldHandle = args => IsRefusal(args.Outcome.Exception) ? ValueTask.FromResult(false) : retry(args);
                var breaker = resilience.CircuitBreaker.ShouldHandle;
                resilience.CircuitBreaker.ShouldHandle = args => IsRefusal(args.Outcome.Exception) ? ValueTask.FromResult(false) : breaker(args);
            });
        // A failing source is logged once per failure streak by the runner; the pipeline's own
        // per-attempt events and the client's per-request lines stay at Debug.
        services.ConfigureAll<TelemetryOptions>(telemetry =>
        {
            var inner = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args => args.Source.PipelineName?.StartsWith(WebFetcher.ClientName, StringComparison.Ordinal) == true
                ? ResilienceEventSeverity.Debug
                : inner?.Invoke(args) ?? args.Event.Severity;
        });
        services.AddLogging(logging => logging.AddFilter("System.Net.Http.HttpClient." + WebFetcher.ClientName, LogLevel.Warning));
        return services;
    }

    /// <summary>The background fetch; the worker calls this, CLI commands (e.g. <c>ask</c>) do not.</summary>
    public static IServiceCollection AddSourceWorkers(this IServiceCollection services)
    {
        services.AddHostedService(DatabaseClock.Build<SourceFetchService>);
        return services;
    }

    private static bool IsRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException)
            {
                return true;
            }
        }
        return false;
    }

    private sealed class SourceOptionsValidator : IValidateOptions<SourceOptions>
    {
        public ValidateOptionsResult Validate(string? name, SourceOptions options)
        {
            var failures = new List<string>();
            foreach (var network in options.AllowedPrivateNetworks)
            {
                var text = network.Contains('/') ? network : network + (network.Contains(':') ? "/128" : "/32");
                if (!IPNetwork.TryParse(text, out _))
                {
                    failures.Add($"ChatBot:Sources:AllowedPrivateNetworks: '{network}' is not an address or CIDR network");
                }
            }
            if (!Uri.TryCreate(options.ContactUrl, UriKind.Absolute, out var contact) || (contact.Scheme != Uri.UriSchemeHttp && contact.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"ChatBot:Sources:ContactUrl must be an absolute http(s) URL (got '{options.ContactUrl}')");
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
