namespace ChatBot.Host.Observability;

/// <param name="Details">Per-part state when a check has parts (e.g. one entry per Discord gateway shard).</param>
public sealed record ReadinessEntry(string Name, bool Ready, string Reason, IReadOnlyDictionary<string, string>? Details = null);
