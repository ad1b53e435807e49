using System.Security.Claims;
using ChatBot.Core.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Auth;

/// <summary>
/// Validates the JWT the Bot Framework (or an Entra tenant, for single-tenant bots) puts on every
/// activity: signature by a published key endorsed for the activity's channel, issuer, audience =
/// our app id, lifetime with 5 minutes' skew, RS256, and the <c>serviceUrl</c> claim equal to the
/// activity's so a token cannot redirect our replies elsewhere.
/// </summary>
public sealed class BotFrameworkTokenValidator
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private readonly TeamsOptions _options;
    private readonly SigningKeySource _botFrameworkKeys;
    private readonly SigningKeySource? _tenantKeys;
    private readonly TimeProvider _time;
    private readonly RefusalLog _refusals;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotFrameworkTokenValidator(IOptions<TeamsOptions> options, IHttpClientFactory httpFactory, TimeProvider time, RefusalLog refusals)
    {
        _options = options.Value;
        _time = time;
        _refusals = refusals;
        _botFrameworkKeys = new SigningKeySource(_options.OpenIdMetadataUrl, httpFactory.CreateClient(HttpClientName), time);
        if (_options.EffectiveTenantMetadataUrl is { } tenantMetadata)
        {
            _tenantKeys = new SigningKeySource(tenantMetadata, httpFactory.CreateClient(HttpClientName), time);
        }
    }

    internal const string HttpClientName = "teams-openid";

    private IReadOnlyList<string> TenantIssuers =>
        string.IsNullOrWhiteSpace(_options.TenantId)
            ? []
            : [$"https://login.microsoftonline.com/{_options.TenantId}/v2.0", $"https://sts.windows.net/{_options.TenantId}/"];

    public async Task<AuthResult> ValidateAsync(string? authorizationHeader, string serviceUrl, string channelId, CancellationToken cancellationToken)
    {
        var result = await ValidateCoreAsync(authorizationHeader, serviceUrl, channelId, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // The reason only; the token itself never reaches the log.
            _refusals.Refused(Activities.MessagesEndpoint.Route, result.Failure!, channelId);
        }
        return result;
    }

    private async Task<AuthResult> ValidateCoreAsync(string? authorizationHeader, string serviceUrl, string channelId, CancellationToken cancellationToken)
    {
        if (!_options.AuthEnabled)
        {
            return AuthResult.Fail("authentication is not configured");
        }
        if (string.IsNullOrWhiteSpace(authorizationHeader) || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail("missing bearer token");
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(raw);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return AuthResult.Fail("malformed token");
        }

        if (!string.Equals(unverified.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            return AuthResult.Fail($"algorithm {unverified.Alg} is not allowed");
        }

        // The (unverified) issuer only picks which key set to check the signature against; the
        // validation below still pins the issuer to that key set's expected values.
        var fromTenant = TenantIssuers.Contains(unverified.Issuer, StringComparer.OrdinalIgnoreCase);
        var source = fromTenant ? _tenantKeys : _botFrameworkKeys;
        if (source is null)
        {
            return AuthResult.Fail("issuer not accepted");
        }

        SigningMetadata metadata;
        try
        {
            metadata = await source.GetForKeyAsync(unverified.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return AuthResult.Fail($"signing keys unavailable ({ex.GetType().Name})");
        }

        var key = metadata.Find(unverified.Kid);
        if (key is null)
        {
            return AuthResult.Fail("unknown signing key");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = fromTenant ? TenantIssuers : [BotFrameworkIssuer],
            ValidateIssuer = true,
            ValidAudience = _options.AppId,
            ValidateAudience = true,
            IssuerSigningKey = key,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = Skew,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            LifetimeValidator = ValidateLifetime,
        };

        var validation = await _handler.ValidateTokenAsync(raw, parameters).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return AuthResult.Fail(Describe(validation.Exception));
        }

        if (!fromTenant && !metadata.IsEndorsedFor(key.KeyId, channelId))
        {
            return AuthResult.Fail($"signing key is not endorsed for channel '{channelId}'");
        }

        if (fromTenant && !IsAllowedCaller(validation.ClaimsIdentity))
        {
            // Any app in the tenant can get a token for our audience; only the ones we trust may talk to us.
            return AuthResult.Fail("token was requested by an app that is not an allowed caller");
        }

        var claimedServiceUrl = validation.ClaimsIdentity.FindFirst("serviceurl")?.Value
            ?? validation.ClaimsIdentity.FindFirst("serviceUrl")?.Value;
        // Bot Framework tokens always carry the claim; Entra tokens may not, but when present it must match.
        if (claimedServiceUrl is null ? !fromTenant : !SameServiceUrl(claimedServiceUrl, serviceUrl))
        {
            return AuthResult.Fail("serviceUrl claim does not match the activity");
        }

        return new AuthResult(true, null, validation.ClaimsIdentity);
    }

    /// <summary>v2 tokens name the requesting app in <c>azp</c>, v1 tokens in <c>appid</c>; one of them must be allowed.</summary>
    private bool IsAllowedCaller(ClaimsIdentity identity)
    {
        var caller = identity.FindFirst("azp")?.Value ?? identity.FindFirst("appid")?.Value;
        return caller is not null && _options.EffectiveAllowedCallers.Contains(caller, StringComparer.OrdinalIgnoreCase);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            return false;
        }
        if (notBefore is { } nbf && nbf.ToUniversalTime() > now + Skew)
        {
            throw new SecurityTokenNotYetValidException("token is not yet valid");
        }
        if (expires.Value.ToUniversalTime() < now - Skew)
        {
            throw new SecurityTokenExpiredException("token has expired");
        }
        return true;
    }

    internal static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidIssuerException => "issuer not accepted",
        SecurityTokenInvalidAudienceException => "audience is not this bot",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "signature invalid",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        null => "token invalid",
        _ => $"token invalid ({ex.GetType().Name})",
    };
}
