using ChatBot.Core.Semantic;

namespace ChatBot.Core.Evaluation;

/// <param name="Semantic">Null: lexical engine only.</param>
/// <param name="VectorCache">Folder whose vector file a run reuses and extends; null: none (everything is embedded).</param>
/// <param name="StandIns">
/// Passages without a cached vector get a deterministic random unit vector instead of the
/// model's (not written to the cache). Latency and memory do not depend on the vectors' values;
/// this lets a run at 100,000 passages happen before the model has embedded them all.
/// </param>
/// <param name="ThroughputPassages">How many passages to embed fresh with the model to time it.</param>
public sealed record BenchmarkSettings(
    int Passages,
    int Queries,
    SemanticOptions? Semantic = null,
    string? VectorCache = null,
    bool StandIns = false,
    int ThroughputPassages = 0);
