namespace ChatBot.Core.Evaluation;

/// <summary>
/// CPU during the pass that times answers and bare searches (the latencies the benchmark
/// reports): per question, every thread; and the runtime's background JIT over the whole pass
/// (Linux; 0 elsewhere), which competes with answers for the cores while it lasts.
/// </summary>
public sealed record TimedPassCpu(double PerQuestionMs, double BackgroundJitMs);

/// <summary>
/// Answers of a freshly started engine: <paramref name="Answers"/> questions of their own after a
/// warm-up of <paramref name="WarmedUpWith"/>, while the runtime's JIT still compiles (its background
/// thread's CPU over the pass, Linux; 0 elsewhere). What the first users of a new process see.
/// </summary>
public sealed record StartUpPass(int Answers, int WarmedUpWith, double P50Ms, double P99Ms, double BackgroundJitMs);

/// <summary>
/// The warm-up before the timed pass: how many questions in all (none of them a timed one), whether
/// the JIT went quiet before the cap, and the windows that decided it.
/// </summary>
public sealed record WarmUpPass(int Questions, bool Settled, IReadOnlyList<JitWindow> Windows);
