using ChatBot.Core.Answers;
using ChatBot.Core.Evaluation;
using ChatBot.Core.Tests.Support;
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
    public async Task The_next_council_question_gives_the_third_council_and_says_no_later_date_is_announced()
    {
        using var engine = new Engine(RepositoryPaths.Corpus, _data.Path);
        await engine.RefreshAsync();

        var answer = await engine.Answers.AskAsync(new AskRequest("When is the next council?"), CancellationToken.None);

        Assert.True(answer.Answered);
        Assert.StartsWith("No date for the next council appears in the documents; the most recent, the third, was held on 28 November 2025 in Seoul [1]", answer.Text);
        Assert.Equal("updates/2025-11-28-third-digital-partnership-council", answer.Citations[0].Document);
        Assert.Contains("28 November 2025", answer.Citations[0].Quote);
        Assert.Contains("source dated 28 November 2025", answer.Text);
    }
}
