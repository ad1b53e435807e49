namespace ChatBot.Discord.Gateway;

/// <summary>Why a shard gave up: reconnecting cannot help (fatal close code, rejected token, no identifies left).</summary>
public sealed record ShardExit(string Reason, GatewayCloseCode? Code = null);
