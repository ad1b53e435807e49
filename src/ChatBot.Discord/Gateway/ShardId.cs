namespace ChatBot.Discord.Gateway;

/// <summary>One shard of the bot's gateway sessions: <c>[shard_id, num_shards]</c>.</summary>
public readonly record struct ShardId(int Id, int Count)
{
    /// <summary>Which shard Discord sends a guild's events to; DMs always come on shard 0.</summary>
    public static int ForGuild(ulong guildId, int count) => (int)((guildId >> 22) % (ulong)count);

    /// <summary>Identifies sent in the same 5 s window must have different keys (Discord's <c>rate_limit_key</c>).</summary>
    public int RateLimitKey(int maxConcurrency) => Id % Math.Max(1, maxConcurrency);

    public override string ToString() => $"shard {Id}/{Count}";
}
