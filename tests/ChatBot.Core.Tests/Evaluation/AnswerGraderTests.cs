using ChatBot.Core.Answers;
using ChatBot.Core.Evaluation;

namespace ChatBot.Core.Tests.Evaluation;

public class AnswerGraderTests
{
    private const string Source = "The next council is planned for early 2024,\n in Brussels. It will review progress.";

    private static readonly AnswerGrader Grader = new(id => id == "plan" ? Source : null);

    private static readonly EvalQuestion Question = new("q1", "When is the next council?", [["2024"], ["Brussels", "Bruxelles"]], ["plan"], null);

    private static Answer AnswerWith(string text, params Citation[] citations) => new("q", true, text, citations, 0.9);

    private static Citation Cite(string document, string quote) => new(1, document, "T", null, null, quote);

    [Fact]
    public void Passes_an_answer_with_every_must_group_a_listed_source_and_verbatim_quotes()
    {
        var result = Grader.Grade(Question, AnswerWith("It is planned for early 2024 in brussels [1]", Cite("plan", "The next council is planned for early 2024, in Brussels.")));

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public void Fails_a_missing_must_group_a_wrong_source_and_an_altered_quote()
    {
        var missing = Grader.Grade(Question, AnswerWith("Early 2024 [1]", Cite("plan", "It will review progress.")));
        var wrongSource = Grader.Grade(Question, AnswerWith("2024 in Brussels [1]", Cite("other", "anything")));
        var altered = Grader.Grade(Question, AnswerWith("2024 in Brussels [1]", Cite("plan", "The next council is planned for 2024, in Brussels.")));

        Assert.Contains(missing.Failures, f => f.Contains("Brussels"));
        Assert.Contains(wrongSource.Failures, f => f.Contains("no citation of"));
        Assert.Contains(wrongSource.Failures, f => f.Contains("unknown document"));
        Assert.Contains(altered.Failures, f => f.Contains("not verbatim"));
    }

    [Fact]
    public void Unanswerable_questions_need_a_refusal_without_citations()
    {
        var question = new EvalQuestion("q2", "What is the capital of Australia?", null, null, false);

        Assert.True(Grader.Grade(question, Answer.NotFound("q", "I couldn't find that.", [])).Passed);
        Assert.False(Grader.Grade(question, AnswerWith("Canberra [1]", Cite("plan", "It will review progress."))).Passed);
    }

    [Fact]
    public void Parses_question_lines_and_reports_the_bad_line()
    {
        var questions = EvalQuestion.ParseLines("{\"id\":\"a\",\"question\":\"Q?\",\"must\":[[\"x\",\"y\"]],\"sources\":[\"d\"]}\n\n{\"id\":\"b\",\"question\":\"R?\",\"answerable\":false}\n");

        Assert.Equal(2, questions.Count);
        Assert.True(questions[0].IsAnswerable);
        Assert.False(questions[1].IsAnswerable);
        Assert.Equal(["x", "y"], questions[0].Must![0]);
        var ex = Assert.Throws<FormatException>(() => EvalQuestion.ParseLines("{\"id\":\"a\",\"question\":\"Q?\"}\nnot json"));
        Assert.StartsWith("line 2", ex.Message);
    }
}
