using ChatBot.Core.Answers;
using ChatBot.Core.Evaluation;
using ChatBot.Core.Tests.TestSupport;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Eval;

/// <summary>The project's own question file over the project's own corpus: every question must pass.</summary>
public class CorpusQuestionsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Every_project_question_passes_over_the_project_corpus()
    {
        var questions = EvalQuestion.ParseLines(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "ChatBot.Core.Tests", "Eval", "corpus-questions.jsonl")));
        using var engine = new Engine(RepositoryPaths.Corpus, _data.Path);
        var report = await engine.RefreshAsync();
        Assert.Empty(report.Skipped);
        var grader = new AnswerGrader(id => File.ReadAllText(Path.Combine(RepositoryPaths.Corpus, id + ".md")));

        var failures = new List<string>();
        foreach (var question in questions)
        {
            var answer = await engine.AskAsync(question.Question);
            var result = grader.Grade(question, answer);
            if (!result.Passed)
            {
                failures.Add($"{question.Id}: {string.Join("; ", result.Failures)} — {answer.Text}");
            }
        }

        Assert.True(questions.Count >= 20, $"expected the full question file, found {questions.Count}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task The_next_council_is_answered_from_the_dated_timeline()
    {
        using var engine = new Engine(RepositoryPaths.Corpus, _data.Path);
        await engine.RefreshAsync();

        var answer = await engine.Answers.AskAsync(new AskRequest("When is the next council?"), CancellationToken.None);

        Assert.True(answer.Answered);
        Assert.Contains(answer.Citations, c => c.Document == "timeline");
        Assert.Contains("March 2024", answer.Text);
        Assert.Contains("source dated", answer.Text);
    }
}
