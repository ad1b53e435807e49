using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Sources.Fetching;

/// <summary>
/// robots.txt per scheme, host and port, kept for a day. As RFC 9309 says: a 4xx (none there)
/// allows everything; a server error or an unreachable robots.txt disallows everything for now.
/// </summary>
public sealed class RobotsCache(IOptions<SourceOptions> options, TimeProvider time, ILogger<RobotsCache> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, (RobotsRules Rules, DateTimeOffset Until)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RobotsRules> RulesForAsync(Uri url, WebFetcher fetcher, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(origin, out var cached) && cached.Until > now)
        {
            return cached.Rules;
        }
        RobotsRules rules;
        var lifetime = Lifetime;
        try
        {
            var response = await fetcher.FetchAsync(new FetchRequest(new Uri(origin + "/robots.txt"), CheckRobots: false), cancellationToken);
            rules = RobotsRules.Parse(RobotsRules.Decode(response.Body), options.Value.BotName);
        }
        catch (FetchFailedException ex) when (ex.Kind is FetchFailureKind.NotFound or FetchFailureKind.Gone or FetchFailureKind.HttpError or FetchFailureKind.BinaryContent or FetchFailureKind.TooManyRedirects or FetchFailureKind.RedirectLoop)
        {
            rules = RobotsRules.AllowAll;
        }
        catch (FetchFailedException ex) when (ex.Kind is FetchFailureKind.ServerError or FetchFailureKind.TooLarge)
        {
            logger.LogDebug("robots.txt of {Origin} unavailable: {Reason}", origin, ex.Message);
            rules = RobotsRules.DisallowAll($" (robots.txt unavailable: {ex.Message})");
            lifetime = TimeSpan.FromHours(1);
        }
        _cache[origin] = (rules, now + lifetime);
        return rules;
    }
}
