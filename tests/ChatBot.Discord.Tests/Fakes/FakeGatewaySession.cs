using System.Text.Json.Nodes;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>One gateway session of the fake: its shard, its sequence and the events sent on it (replayed on resume).</summary>
public sealed class FakeGatewaySession(string id, int shardId, int shardCount)
{
    private readonly List<(int Seq, string Type, JsonNode Data)> _events = [];
    private readonly Lock _lock = new();

    public string Id { get; } = id;

    public int ShardId { get; } = shardId;

    public int ShardCount { get; } = shardCount;

    public int Sequence { get { lock (_lock) { return _events.Count == 0 ? 0 : _events[^1].Seq; } } }

    /// <summary>Discord's routing: a guild's events go to shard <c>(guild_id &gt;&gt; 22) % num_shards</c>; DMs to shard 0.</summary>
    public bool Owns(ulong? guildId) => guildId is { } guild ? (int)((guild >> 22) % (ulong)ShardCount) == ShardId : ShardId == 0;

    internal int Log(string type, JsonNode data)
    {
        lock (_lock)
        {
            var seq = Sequence + 1;
            _events.Add((seq, type, data.DeepClone()));
            return seq;
        }
    }

    internal IReadOnlyList<(int Seq, string Type, JsonNode Data)> EventsAfter(int seq)
    {
        lock (_lock)
        {
            return _events.Where(e => e.Seq > seq && e.Type != "READY").Select(e => (e.Seq, e.Type, e.Data.DeepClone())).ToList();
        }
    }
}
