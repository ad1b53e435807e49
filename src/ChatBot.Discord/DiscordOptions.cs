using System.Globalization;
using ChatBot.Discord.Gateway;

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
