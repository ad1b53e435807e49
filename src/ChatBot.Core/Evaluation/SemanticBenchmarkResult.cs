namespace ChatBot.Core.Evaluation;

/// <summary>What the semantic part of a run measured.</summary>
/// <param name="Throughput">The model timed on passages embedded fresh, per thread count (empty: not timed).</param>
/// <param name="FromCache">Vectors read from the vector cache instead of computed.</param>
/// <param name="Embedded">Vectors the model computed in this run (now cached).</param>
/// <param name="StandIns">Vectors that are deterministic random stand-ins (see <see cref="BenchmarkSettings.StandIns"/>).</param>
public sealed record SemanticBenchmarkResult(
    string Model,
    IReadOnlyList<EmbeddingThroughput> Throughput,
    int FromCache,
    int Embedded,
    int StandIns,
    TimeSpan VectorsTime,
    double QueryEmbedP50Ms,
    double QueryEmbedP99Ms,
    double HybridSearchP50Ms,
    double HybridSearchP99Ms,
    double LexicalSearchP50Ms,
    double LexicalSearchP99Ms)
{
    /// <summary>
    /// The vector scan alone (every row, one thread, the answer's depth) per kernel this processor
    /// runs, best first; empty when not timed.
    /// </summary>
    public IReadOnlyList<ScanCpu> Scan { get; init; } = [];

    /// <summary>Whether every kernel returned the same rows and similarities for every query.</summary>
    public bool ScanKernelsAgree { get; init; } = true;
}

/// <summary>CPU time (user + system, whole process) per full scan of <paramref name="Rows"/> rows with one kernel.</summary>
public sealed record ScanCpu(string Kernel, int Rows, int Scans, double CpuMsPerScan);
