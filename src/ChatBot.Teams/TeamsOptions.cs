using Microsoft.Extensions.Options;

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

internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var errors = new List<string>();
        if (options.AuthEnabled && string.IsNullOrWhiteSpace(options.AppPassword))
        {
            errors.Add("Teams:AppPassword is required when Teams:AppId is set (use environment variables or user-secrets).");
        }
        CheckUrl(options.OpenIdMetadataUrl, "Teams:OpenIdMetadataUrl", errors);
        CheckUrl(options.TokenEndpoint, "Teams:TokenEndpoint", errors);
        if (!string.IsNullOrWhiteSpace(options.TenantOpenIdMetadataUrl))
        {
            CheckUrl(options.TenantOpenIdMetadataUrl, "Teams:TenantOpenIdMetadataUrl", errors);
        }
        if (!string.IsNullOrWhiteSpace(options.TenantId) && options.TenantId.IndexOfAny(['/', '?', '#', ' ']) >= 0)
        {
            errors.Add("Teams:TenantId must be a tenant id (GUID) or domain name.");
        }
        if (options.MaxRequestBytes < 1024)
        {
            errors.Add("Teams:MaxRequestBytes must be at least 1024.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(string? value, string key, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key} must be an absolute http(s) URL.");
        }
    }
}
