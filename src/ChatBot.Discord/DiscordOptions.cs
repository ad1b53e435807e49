using System.Globalization;
using ChatBot.Discord.Gateway;
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

    /// <summary>
    /// How many gateway shards the bot runs in all: <c>auto</c> (what <c>GET /gateway/bot</c>
    /// recommends, re-read when Discord closes with 4011 "sharding required") or a number, which
    /// every worker of the bot must agree on.
    /// </summary>
    public string Shards { get; set; } = AutoShards;

    /// <summary>Which of the shards this worker runs, e.g. <c>0-3</c> or <c>0,2</c>; empty runs all of them.</summary>
    public string? ShardIds { get; set; }

    public DiscordGatewayOptions Gateway { get; set; } = new();

    public DiscordRestOptions Rest { get; set; } = new();

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public const string AutoShards = "auto";

    /// <summary>The configured shard count, or null for <c>auto</c> (validated at start-up).</summary>
    internal int? FixedShardCount =>
        int.TryParse(Shards, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    /// <summary>The configured shard ids (validated at start-up).</summary>
    internal ShardIdSet ShardIdSet => ShardIdSet.TryParse(ShardIds, out var set, out _) ? set : ShardIdSet.All;

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

    /// <summary>
    /// How long a worker's claim on a shard (in the shared store) outlives the worker: renewed every
    /// third of it while the session lives, released on a clean stop, and taken over by another
    /// worker configured for the shard once it runs out after a crash.
    /// </summary>
    public TimeSpan ShardLease { get; set; } = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// How long Discord is trusted to return the first message for a repeated enforced nonce (its
    /// documentation says "the past few minutes"). A digest part whose attempt ended unknown is posted
    /// again under the same nonce within this window, and written off as uncertain after it. Zero: never repost.
    /// </summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(2);
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
        if (options.Rest.NonceWindow < TimeSpan.Zero || options.Rest.NonceWindow > TimeSpan.FromMinutes(5))
        {
            errors.Add("Discord:Rest:NonceWindow must be between 00:00:00 and 00:05:00: Discord only promises to recognise a repeated nonce for a few minutes.");
        }
        if (options.Rest.MaxAttempts < 1)
        {
            errors.Add("Discord:Rest:MaxAttempts must be at least 1.");
        }
        ValidateSharding(options, errors);
        if (options.Gateway.InvalidSessionDelayMax < options.Gateway.InvalidSessionDelayMin)
        {
            errors.Add("Discord:Gateway:InvalidSessionDelayMax must not be below InvalidSessionDelayMin.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSharding(DiscordOptions options, List<string> errors)
    {
        var auto = string.Equals(options.Shards?.Trim(), DiscordOptions.AutoShards, StringComparison.OrdinalIgnoreCase);
        var count = options.FixedShardCount;
        if (!auto && count is not (>= 1 and <= ShardIdSet.MaxShardId + 1))
        {
            errors.Add($"Discord:Shards must be 'auto' or a shard count from 1 to {ShardIdSet.MaxShardId + 1}, not '{options.Shards}'.");
        }
        if (!ShardIdSet.TryParse(options.ShardIds, out var ids, out var error))
        {
            errors.Add($"Discord:ShardIds: {error}.");
        }
        else if (count is { } n && ids.Max is { } max && max >= n)
        {
            errors.Add($"Discord:ShardIds names shard {max}, but Discord:Shards is {n} (shard ids run from 0 to {n - 1}).");
        }
        if (options.Gateway.ShardLease < TimeSpan.FromSeconds(1) || options.Gateway.ShardLease > TimeSpan.FromMinutes(10))
        {
            errors.Add("Discord:Gateway:ShardLease must be between 00:00:01 and 00:10:00 (default 00:00:30): shorter leases cannot be renewed reliably, longer ones leave a dead worker's shards offline.");
        }
        if (options.Gateway.IdentifyWindow <= TimeSpan.Zero)
        {
            errors.Add("Discord:Gateway:IdentifyWindow must be positive (Discord: 00:00:05).");
        }
    }

    private static bool IsSnowflake(string? value) => !string.IsNullOrWhiteSpace(value) && value.All(char.IsAsciiDigit);

    private static bool IsHex(string value, int length) => value.Length == length && value.All(char.IsAsciiHexDigit);
}
