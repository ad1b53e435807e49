namespace ChatBot.Core.Evaluation;

/// <summary>
/// Process CPU time per answer (every thread, so GC and the model's threads count), split into
/// user and system time: unlike latency, it does not grow when other processes load the machine.
/// </summary>
public sealed record AnswerCpu(int Answers, double UserMs, double SystemMs)
{
    public double TotalMs => UserMs + SystemMs;
}
