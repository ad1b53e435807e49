using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Sources;

/// <summary>Bound to <c>ChatBot:Sources</c>: which public sources are fetched, how often and how politely.</summary>
public sealed class SourceOptions
{
    public const string Section = "ChatBot:Sources";

    /// <summary>The source list (YAML); relative paths resolve against the content root. A missing file means no sources.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "sources.yaml";

    /// <summary>How often each source is fetched by the running worker; zero turns the background fetch off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How often the running worker copies documents other workers fetched (stored in the shared
    /// database) into its own data folder and indexes them; zero: only after its own fetches.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one worker's claim on a source's fetch lasts; another worker takes over after it (the first one died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>First retry delay after a failed fetch; it doubles per failure, up to <see cref="FetchInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Product token of the User-Agent, also the name matched in robots.txt groups.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^[A-Za-z0-9._-]{1,40}$")]
    public string BotName { get; set; } = "ChatBot";

    /// <summary>Where a site owner learns who fetches their pages; sent in the User-Agent.</summary>
    [Required(AllowEmptyStrings = false), Url]
    public string ContactUrl { get; set; } = "https://github.com/chatbot-eu-rok/chatbot";

    /// <summary>Least time between two requests to one host.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PerHostDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest one attempt may take (connect, headers and body).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a transient failure (5xx, 408, 429, network error, timeout), with exponential backoff and jitter.</summary>
    [Range(1, 10)]
    public int Retries { get; set; } = 2;

    /// <summary>Base delay between retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Largest response body (after decompression) read; larger ones fail with a reason.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most items taken from one feed per fetch (newest first).</summary>
    [Range(1, 1000)]
    public int MaxItemsPerFeed { get; set; } = 30;

    /// <summary>
    /// Loopback, private, link-local and other non-public addresses are refused, so a feed cannot
    /// point the bot at the machine's own services. CIDR ranges listed here are allowed anyway
    /// (tests and intranet sources), e.g. <c>127.0.0.1/32</c>.
    /// </summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];
}
