namespace ChatBot.Teams;

/// <summary>Bound to <c>Teams</c>. <see cref="AppPassword"/> is a secret: environment or user-secrets only, never logged.</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public const string DefaultTokenEndpoint = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    /// <summary>The bot's Microsoft app id. Empty: inbound auth is off (Bot Framework Emulator only).</summary>
    public string? AppId { get; set; }

    public string? AppPassword { get; set; }

    /// <summary>Set for single-tenant bots: tokens from this Entra tenant are accepted and outbound tokens come from it.</summary>
    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Entra metadata for single-tenant tokens; derived from <see cref="TenantId"/> when empty.</summary>
    public string? TenantOpenIdMetadataUrl { get; set; }

    public string TokenEndpoint { get; set; } = DefaultTokenEndpoint;

    /// <summary>Bodies above this are refused with 413 before parsing.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Apps, besides the bot itself, whose Entra-issued tokens (<c>azp</c>/<c>appid</c>) are accepted.
    /// A token another app of the same tenant requested for our audience is refused.
    /// </summary>
    public List<string> AllowedCallers { get; set; } = [];

    /// <summary>
    /// Where the bot may send Connector calls (and its bearer token): URL prefixes, https only (http
    /// only for a loopback host). Empty: Microsoft's Bot Framework and Teams service hosts.
    /// </summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>Users (Entra object id or Teams user id) who may change a team channel's digests besides its owners.</summary>
    public List<string> DigestManagers { get; set; } = [];

    /// <summary>Microsoft Graph, asked whether a user owns the team (resource-specific consent <c>TeamMember.Read.Group</c>).</summary>
    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>
    /// Accepted activities this worker answers side by side (each of a different conversation).
    /// Much of a reply's time is spent waiting (on the Connector, on the store's commit), not on the
    /// CPU, so several per core pay; with several workers on one store each takes this many from the
    /// shared inbox.
    /// </summary>
    public int ReplyConcurrency { get; set; } = DefaultReplyConcurrency;

    /// <summary><see cref="ReplyCoreFactor"/> per core this process may use, at least 8.</summary>
    public static int DefaultReplyConcurrency => Math.Clamp(Environment.ProcessorCount * ReplyCoreFactor, 8, MaxReplyConcurrency);

    public const int ReplyCoreFactor = 8;

    public const int MaxReplyConcurrency = 64;

    /// <summary>
    /// Back-pressure: while the inbox holds this many unanswered activities (of every worker on the
    /// store), <c>POST /api/messages</c> answers 503 with <see cref="BacklogRetryAfter"/> instead of
    /// accepting more, so a reply never comes minutes late. 0: no bound.
    /// </summary>
    public int MaxBacklog { get; set; } = DefaultMaxBacklog;

    public const int DefaultMaxBacklog = 1000;

    /// <summary>The <c>Retry-After</c> sent with a back-pressure 503.</summary>
    public TimeSpan BacklogRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a worker's claim on an accepted activity lasts unless renewed (it is renewed every
    /// third of it while the answer is prepared and posted, and a reply goes out only with a third
    /// of it left): how soon another worker answers an activity whose worker died mid-answer.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = DefaultClaimLease;

    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>How long a graceful stop waits for accepted activities in progress before leaving them to the next start.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Microsoft's Connector hosts: Bot Framework channels and the Teams public, GCC, GCC High and DoD clouds.</summary>
    public static readonly IReadOnlyList<string> DefaultServiceUrls =
    [
        "https://smba.trafficmanager.net/",
        "https://smba.infra.gcc.teams.microsoft.com/",
        "https://smba.infra.gov.teams.microsoft.us/",
        "https://smba.infra.dod.teams.microsoft.us/",
        "https://api.botframework.com/",
    ];

    /// <summary>The bot itself, always, plus any configured callers.</summary>
    public IReadOnlyList<string> EffectiveAllowedCallers =>
        [.. (string.IsNullOrWhiteSpace(AppId) ? [] : new[] { AppId }).Concat(AllowedCallers.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()))];

    public IReadOnlyList<string> EffectiveServiceUrls => AllowedServiceUrls.Count > 0 ? AllowedServiceUrls : DefaultServiceUrls;

    public bool AuthEnabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>
    /// The client-credentials endpoint actually used: a single-tenant bot must get its token from its
    /// own tenant, so the multi-tenant default is swapped for the tenant's endpoint.
    /// </summary>
    public string EffectiveTokenEndpoint =>
        !string.IsNullOrWhiteSpace(TenantId) && string.Equals(TokenEndpoint, DefaultTokenEndpoint, StringComparison.OrdinalIgnoreCase)
            ? $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token"
            : TokenEndpoint;

    public string? EffectiveTenantMetadataUrl =>
        string.IsNullOrWhiteSpace(TenantId)
            ? null
            : string.IsNullOrWhiteSpace(TenantOpenIdMetadataUrl)
                ? $"https://login.microsoftonline.com/{TenantId}/v2.0/.well-known/openid-configuration"
                : TenantOpenIdMetadataUrl;
}
