using Microsoft.Extensions.Options;

namespace ChatBot.Discord;

/// <summary>Bound to <c>Discord</c>. With no <see cref="Token"/> the adapter stays off.</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";
    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>Bot token; from the environment (<c>Discord__Token</c>) or user-secrets, never from files in git.</summary>
    public string? Token { get; set; }

    public string? ApplicationId { get; set; }

    /// <summary>Hex Ed25519 public key of the application, needed by the HTTP interactions endpoint.</summary>
    public string? PublicKey { get; set; }

    /// <summary>When set, commands are registered on this guild only (instant updates while testing).</summary>
    public string? GuildId { get; set; }

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// On a graceful stop, how long answers in flight may take to reach their users before they
    /// are cancelled. Keep it below the host's shutdown timeout (30 s by default).
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public DiscordGatewayOptions Gateway { get; set; } = new();

    public DiscordRestOptions Rest { get; set; } = new();

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    /// <summary>API base with a trailing slash so relative routes append instead of replacing the last segment.</summary>
    internal Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");
}

/// <summary>Bound to <c>Discord:Gateway</c>. Delays default to Discord's documented values; tests shorten them.</summary>
public sealed class DiscordGatewayOptions
{
    /// <summary>False: receive interactions only through the HTTP endpoint and do not connect to the gateway.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Ask for the privileged Message Content intent. False: the bot still answers DMs and
    /// mentions (Discord sends their text), but not un-mentioned follow-ups in its threads.
    /// </summary>
    public bool MessageContent { get; set; } = true;

    /// <summary>Identify at most <c>max_concurrency</c> times per this window (Discord: 5 s).</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After op 9 with <c>d: false</c> Discord asks for a random wait of 1–5 s before identifying.</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the jittered wait before reconnecting after a drop; grows with consecutive failures.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Bound to <c>Discord:Rest</c>.</summary>
public sealed class DiscordRestOptions
{
    /// <summary>Attempts for server errors and network failures (429 waits do not count).</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Discord's global limit per bot.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;
}

internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!IsSnowflake(options.ApplicationId))
        {
            errors.Add("Discord:ApplicationId is required (the numeric application id) when Discord:Token is set.");
        }
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) URL.");
        }
        if (!string.IsNullOrWhiteSpace(options.PublicKey) && !IsHex(options.PublicKey, 64))
        {
            errors.Add("Discord:PublicKey must be the 64-character hex public key shown in the developer portal.");
        }
        if (!string.IsNullOrWhiteSpace(options.GuildId) && !IsSnowflake(options.GuildId))
        {
            errors.Add("Discord:GuildId must be a numeric guild id.");
        }
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("Discord:DrainTimeout must be between 00:00:00 and 00:10:00.");
        }
        if (options.Rest.MaxAttempts < 1)
        {
            errors.Add("Discord:Rest:MaxAttempts must be at least 1.");
        }
        if (options.Gateway.InvalidSessionDelayMax < options.Gateway.InvalidSessionDelayMin)
        {
            errors.Add("Discord:Gateway:InvalidSessionDelayMax must not be below InvalidSessionDelayMin.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsSnowflake(string? value) => !string.IsNullOrWhiteSpace(value) && value.All(char.IsAsciiDigit);

    private static bool IsHex(string value, int length) => value.Length == length && value.All(char.IsAsciiHexDigit);
}
