using ChatBot.Discord.Gateway;

namespace ChatBot.Discord.Tests.Gateway;

public sealed class ShardIdSetTests
{
    [Theory]
    [InlineData("", 4, "0,1,2,3")]
    [InlineData("all", 3, "0,1,2")]
    [InlineData("0-3", 8, "0,1,2,3")]
    [InlineData("0,2", 4, "0,2")]
    [InlineData(" 5-6 , 1 ,1", 8, "1,5,6")]
    [InlineData("2-5", 4, "2,3")]
    public void Ids_and_ranges_select_the_workers_shards_within_the_count(string text, int count, string expected)
    {
        Assert.True(ShardIdSet.TryParse(text, out var set, out _));

        Assert.Equal(expected, string.Join(',', set.Within(count)));
    }

    [Theory]
    [InlineData("a-b")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("1-2-3")]
    [InlineData("0,,1")]
    [InlineData("99999999999")]
    [InlineData("70000")]
    public void Malformed_ids_are_rejected_with_the_offending_part(string text)
    {
        Assert.False(ShardIdSet.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Describe_folds_runs_into_ranges()
    {
        Assert.Equal("0-3,5,7-8", ShardIdSet.Describe([8, 0, 1, 2, 3, 5, 7]));
    }

    [Theory]
    [InlineData(0UL, 4, 0)]
    [InlineData(1UL << 22, 4, 1)]
    [InlineData(7UL << 22, 4, 3)]
    [InlineData((7UL << 22) + 4_194_303, 4, 3)]
    [InlineData(81384788765712384UL, 1, 0)]
    [InlineData(81384788765712384UL, 16, 2)]
    [InlineData(197038439483310086UL, 3, 2)]
    public void Guilds_are_routed_by_the_timestamp_bits_of_their_id(ulong guildId, int count, int shard)
    {
        Assert.Equal(shard, ShardId.ForGuild(guildId, count));
    }

    [Fact]
    public void Identify_buckets_are_the_shard_id_modulo_max_concurrency()
    {
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3], Enumerable.Range(0, 8).Select(id => new ShardId(id, 8).RateLimitKey(4)));
        Assert.Equal(0, new ShardId(5, 8).RateLimitKey(1));
        Assert.Equal(0, new ShardId(5, 8).RateLimitKey(0));
    }
}
