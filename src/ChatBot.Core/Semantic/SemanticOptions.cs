using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Semantic;

/// <summary>Bound to <c>ChatBot:Semantic</c>: dense retrieval fused with BM25.</summary>
public sealed class SemanticOptions
{
    public const string Section = "ChatBot:Semantic";

    /// <summary>False gives the lexical (BM25-only) engine: no model is loaded, nothing is embedded.</summary>
    public bool Enabled { get; set; } = true;

    public EmbeddingModel Model { get; set; } = EmbeddingModel.ArcticXs;

    /// <summary>
    /// Folder of the vector files (one per model); relative paths resolve against the data
    /// folder. Empty: <c>&lt;data&gt;/vectors</c>. Several data folders over the same corpus may
    /// share one, but only one process at a time may write it.
    /// </summary>
    public string? VectorsPath { get; set; }

    /// <summary>
    /// Folder the model file is extracted to (about 90 MB, once per package version); relative
    /// paths resolve against the data folder. Empty: <c>&lt;data&gt;/models</c>. May be shared.
    /// </summary>
    public string? ModelsPath { get; set; }

    /// <summary>How deep each ranking (BM25 and dense) is read before fusion.</summary>
    [Range(1, 1000)]
    public int CandidatesPerRanking { get; set; } = 50;

    /// <summary>The k of reciprocal rank fusion: larger flattens the difference between ranks.</summary>
    [Range(1, 1000)]
    public int FusionK { get; set; } = 60;

    /// <summary>
    /// Passages per model call (grouped by length). One by default: a call pads every passage
    /// to its longest, and on this model batching saved no CPU even with little padding
    /// (passages sorted by length, batch 8: 21.5 passages per CPU-second against 25.7 one by
    /// one) while holding far more memory (+200 MB at batch 8 without the arena).
    /// </summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 1;

    /// <summary>
    /// Model calls that may run at once, each on one thread. One leaves the other core to
    /// answering while the corpus is embedded in the background; one-shot commands use every core.
    /// </summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;
}
