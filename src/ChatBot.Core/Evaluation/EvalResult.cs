using ChatBot.Core.Answers;

namespace ChatBot.Core.Evaluation;

/// <summary>The verdict on one answer: passed, or the reasons it failed.</summary>
public sealed record EvalResult(EvalQuestion Question, Answer Answer, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
