using ChatBot.Teams.Connector;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams;

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
        foreach (var prefix in options.AllowedServiceUrls)
        {
            if (ServiceUrlPolicy.ParsePrefix(prefix) is null)
            {
                errors.Add($"Teams:AllowedServiceUrls: '{prefix}' must be an absolute https URL without user info, query or fragment (http only for a loopback host).");
            }
        }
        CheckUrl(options.GraphBaseUrl, "Teams:GraphBaseUrl", errors);
        if (options.ReplyConcurrency is < 1 or > TeamsOptions.MaxReplyConcurrency)
        {
            errors.Add($"Teams:ReplyConcurrency must be between 1 and {TeamsOptions.MaxReplyConcurrency} (default {TeamsOptions.DefaultReplyConcurrency}), not {options.ReplyConcurrency}.");
        }
        if (options.MaxBacklog < 0)
        {
            errors.Add($"Teams:MaxBacklog must be 0 (no bound) or more, not {options.MaxBacklog}.");
        }
        if (options.BacklogRetryAfter < TimeSpan.FromSeconds(1) || options.BacklogRetryAfter > TimeSpan.FromMinutes(10))
        {
            errors.Add("Teams:BacklogRetryAfter must be between 00:00:01 and 00:10:00 (it is sent in whole seconds).");
        }
        // Renewed every third of it: shorter than a few seconds, one slow store round trip loses it.
        if (options.ClaimLease < TimeSpan.FromSeconds(3) || options.ClaimLease > TimeSpan.FromHours(1))
        {
            errors.Add($"Teams:ClaimLease must be between 00:00:03 and 01:00:00 (default {TeamsOptions.DefaultClaimLease}), not {options.ClaimLease}.");
        }
        // The host gives all services 30 s to stop; a longer drain would be cut off mid-way.
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromSeconds(25))
        {
            errors.Add("Teams:DrainTimeout must be between 00:00:00 and 00:00:25 (the host allows 30 s to stop).");
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
