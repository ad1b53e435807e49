using ChatBot.Discord.Gateway;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord;

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
