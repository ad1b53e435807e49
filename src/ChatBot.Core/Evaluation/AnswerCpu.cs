namespace ChatBot.Core.Evaluation;

/// <summary>
/// Process CPU time per answer (every thread, so GC and the model's threads count), split into
/// user and system time: unlike latency, it does not grow when other processes load the machine.
/// </summary>
public sealed record AnswerCpu(int Answers, double UserMs, double SystemMs)
{
    public double TotalMs => UserMs + SystemMs;

    /// <summary>Managed memory allocated per answer (every thread), what the garbage collector's share of the CPU follows.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections during the pass (generation 0, 1 and 2; a gen 1 collection also counts as gen 0).</summary>
    public (int Gen0, int Gen1, int Gen2) Collections { get; init; }

    /// <summary>Time the runtime was paused for garbage collection during the pass, per answer: it lands on whichever answer was running.</summary>
    public double GcPauseMs { get; init; }

    /// <summary>Median CPU of one answer (the whole process while it ran): unlike latency, it does not grow while the answer waits for a core.</summary>
    public double P50Ms { get; init; }

    /// <summary>99th percentile of one answer's CPU (see <see cref="P50Ms"/>).</summary>
    public double P99Ms { get; init; }

    /// <summary>
    /// CPU of the runtime's background JIT (tiered compilation) over the whole pass (Linux; 0
    /// elsewhere): counted in the figures above, and in whichever answers it overlapped.
    /// </summary>
    public double BackgroundJitMs { get; init; }

    /// <summary>The questions whose answers took the most CPU, most first: what the tail is made of.</summary>
    public IReadOnlyList<(string Question, double CpuMs)> Slowest { get; init; } = [];
}
