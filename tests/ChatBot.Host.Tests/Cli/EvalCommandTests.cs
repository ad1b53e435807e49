namespace ChatBot.Host.Tests.Cli;

public class EvalCommandTests : IDisposable
{
    private readonly EngineCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Scores_the_project_question_file_and_ends_with_the_score_line()
    {
        var questions = Path.Combine(EngineCli.Root, "tests", "ChatBot.Core.Tests", "Eval", "corpus-questions.jsonl");
        var count = File.ReadAllLines(questions).Count(l => l.Trim().Length > 0);

        var (exit, output, _) = await _cli.RunAsync(_cli.Args("eval", "--questions", questions));

        Assert.Equal(0, exit);
        Assert.Equal($"score: {count}/{count}", output.Trim().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Failures_are_printed_and_the_exit_code_stays_zero()
    {
        var questions = _cli.Temp("q.jsonl", """
            {"id":"ok","question":"When was the EU-Korea Digital Partnership launched?","must":[["November 2022"]],"sources":["timeline","overview"]}
            {"id":"bad","question":"When was the EU-Korea Digital Partnership launched?","must":[["a phrase that is nowhere"]],"sources":["timeline"]}
            """);

        var (exit, output, _) = await _cli.RunAsync(_cli.Args("eval", "--questions", questions));

        Assert.Equal(0, exit);
        Assert.Contains("FAIL bad", output);
        Assert.DoesNotContain("FAIL ok", output);
        Assert.EndsWith("score: 1/2", output.Trim());
    }

    [Fact]
    public async Task A_missing_or_malformed_question_file_is_an_error()
    {
        var missing = await _cli.RunAsync(_cli.Args("eval", "--questions", Path.Combine(_cli.Data, "none.jsonl")));
        var malformed = await _cli.RunAsync(_cli.Args("eval", "--questions", _cli.Temp("bad.jsonl", "{not json")));

        Assert.NotEqual(0, missing.Exit);
        Assert.NotEqual(0, malformed.Exit);
        Assert.Contains("cannot read questions", malformed.Error);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_one_line_error()
    {
        var (exit, _, error) = await _cli.RunAsync(_cli.Args("eval"));

        Assert.NotEqual(0, exit);
        Assert.Equal("Option '--questions' is required.", error.Trim());
    }
}
