namespace ChatBot.Discord.Gateway;

/// <summary>One round's division of the shards among the balancing workers, as one worker sees it.</summary>
/// <param name="Share">This worker's fair share.</param>
/// <param name="LiveWorkers">Balancing workers alive, this one included.</param>
/// <param name="Balanced">Shards divided among them (those no explicitly configured worker holds).</param>
/// <param name="OthersShort">Shards that workers below their share can only get by someone handing them over.</param>
public sealed record BalancePlan(int Share, int LiveWorkers, int Balanced, int OthersShort);
