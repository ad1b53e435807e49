namespace ChatBot.Discord.Gateway;

/// <summary><c>d</c> of op 2 Identify; <see cref="Shard"/> is <c>[shard_id, num_shards]</c>.</summary>
internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties, int[] Shard);
