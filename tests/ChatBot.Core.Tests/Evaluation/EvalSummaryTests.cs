using ChatBot.Core.Answers;
using ChatBot.Core.Evaluation;

namespace ChatBot.Core.Tests.Evaluation;

public sealed class EvalSummaryTests
{
    private static EvalResult Result(bool answerable, bool answered, bool passed, double confidence) => new(
        new EvalQuestion("q", "a question?", null, null, answerable),
        new Answer("a question?", answered, answered ? "an answer [1]" : AnswerEngine.NotFoundText, [], confidence),
        passed ? [] : ["graded wrong"]);

    [Fact]
    public void The_figures_count_what_each_kind_of_result_contributes()
    {
        var summary = EvalSummary.Of(
        [
            Result(answerable: true, answered: true, passed: true, confidence: 0.95),
            Result(answerable: true, answered: true, passed: false, confidence: 0.92),
            Result(answerable: true, answered: true, passed: false, confidence: 0.70),
            Result(answerable: true, answered: false, passed: false, confidence: 0.30),
            Result(answerable: false, answered: false, passed: true, confidence: 0.20),
            Result(answerable: false, answered: true, passed: false, confidence: 0.61),
        ]);

        Assert.Equal(new EvalSummary(Passed: 2, Total: 6, Answered: 4, AnsweredCorrectly: 1, MustRefuse: 2, MustRefuseAnswered: 1, ConfidentlyWrong: 1), summary);
        Assert.Equal(0.25, summary.Precision);
    }

    [Fact]
    public void Precision_is_one_when_nothing_was_answered_and_high_confidence_starts_at_the_threshold()
    {
        Assert.Equal(1, EvalSummary.Of([Result(answerable: false, answered: false, passed: true, confidence: 0)]).Precision);
        Assert.Equal(1, EvalSummary.Of([Result(answerable: true, answered: true, passed: false, confidence: EvalSummary.HighConfidence)]).ConfidentlyWrong);
        Assert.Equal(0, EvalSummary.Of([Result(answerable: true, answered: true, passed: false, confidence: 0.899)]).ConfidentlyWrong);
    }
}
