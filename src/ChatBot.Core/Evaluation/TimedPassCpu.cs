namespace ChatBot.Core.Evaluation;

/// <summary>
/// CPU during the pass that times answers and bare searches (the latencies the benchmark
/// reports): per question, every thread; and the runtime's background JIT over the whole pass
/// (Linux; 0 elsewhere), which competes with answers for the cores while it lasts.
/// </summary>
public sealed record TimedPassCpu(double PerQuestionMs, double BackgroundJitMs);
