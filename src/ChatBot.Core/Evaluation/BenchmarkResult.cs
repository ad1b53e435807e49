namespace ChatBot.Core.Evaluation;

/// <summary>What one benchmark run measured.</summary>
public sealed record BenchmarkResult(
    int Documents,
    int Passages,
    TimeSpan IndexTime,
    int Queries,
    double AnswerP50Ms,
    double AnswerP99Ms,
    double SearchP50Ms,
    double SearchP99Ms,
    long PeakWorkingSetBytes,
    int Answered)
{
    /// <summary>Answer latency over bare Lucene search latency, at the median.</summary>
    public double RatioP50 => SearchP50Ms > 0 ? AnswerP50Ms / SearchP50Ms : 0;

    public double RatioP99 => SearchP99Ms > 0 ? AnswerP99Ms / SearchP99Ms : 0;

    /// <summary>Where memory goes: after each step, in order.</summary>
    public IReadOnlyList<MemoryCheckpoint> Memory { get; init; } = [];

    /// <summary>CPU time per answer over a pass that only answers (null when not measured).</summary>
    public AnswerCpu? AnswerCpu { get; init; }

    /// <summary>CPU during the pass whose latencies are reported above (null when not measured).</summary>
    public TimedPassCpu? TimedPass { get; init; }

    /// <summary>Answers right after a short warm-up (start-up), reported apart from the steady timed pass.</summary>
    public StartUpPass? StartUp { get; init; }

    /// <summary>The warm-up that ran until the JIT was quiet, before the timed pass.</summary>
    public WarmUpPass? WarmUp { get; init; }

    /// <summary>Null for a lexical run.</summary>
    public SemanticBenchmarkResult? Semantic { get; init; }
}
