namespace ChatBot.Core.Evaluation;

/// <summary>The model's speed on passages embedded fresh.</summary>
/// <param name="Threads">Model calls running at once.</param>
/// <param name="PerCpuSecond">Passages per second of the process's CPU time (less noisy than wall clock on a busy machine).</param>
public sealed record EmbeddingThroughput(int Threads, int Passages, double PassagesPerSecond, double PerCpuSecond);
