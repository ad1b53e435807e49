namespace ChatBot.Core.Evaluation;

/// <summary>
/// What a question file run adds up to: the score, and whether the answers can be trusted — how
/// many answers were right (precision), how many questions that must be refused got an answer,
/// and how many wrong answers claimed high confidence.
/// </summary>
public sealed record EvalSummary(int Passed, int Total, int Answered, int AnsweredCorrectly, int MustRefuse, int MustRefuseAnswered, int ConfidentlyWrong)
{
    /// <summary>An answer at or above this confidence that is wrong is a broken promise.</summary>
    public const double HighConfidence = 0.9;

    public static EvalSummary Of(IReadOnlyCollection<EvalResult> results) => new(
        results.Count(r => r.Passed),
        results.Count,
        results.Count(r => r.Answer.Answered),
        results.Count(r => r.Answer.Answered && r.Passed),
        results.Count(r => !r.Question.IsAnswerable),
        results.Count(r => !r.Question.IsAnswerable && r.Answer.Answered),
        results.Count(r => r.Answer.Answered && !r.Passed && r.Answer.Confidence >= HighConfidence));

    /// <summary>Share of answered questions whose answer passed; 1 when nothing was answered.</summary>
    public double Precision => Answered == 0 ? 1 : AnsweredCorrectly / (double)Answered;
}
