using System.Text.Json;

namespace ChatBot.Host.Tests.Cli;

public class AskCommandTests : IDisposable
{
    private readonly EngineCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Json_answer_has_the_documented_shape()
    {
        var (exit, output, error) = await _cli.RunAsync(_cli.Args("ask", "--json", "Who co-chaired the first Digital Partnership Council?"));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("Who co-chaired the first Digital Partnership Council?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.Contains("Breton", root.GetProperty("answer").GetString());
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        Assert.True(root.GetProperty("elapsed_ms").GetDouble() >= 0);
        var citation = root.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        var document = citation.GetProperty("document").GetString()!;
        var raw = File.ReadAllText(Path.Combine(EngineCli.Corpus, document + ".md"));
        Assert.Contains(citation.GetProperty("quote").GetString()!, raw);
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("title").GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", citation.GetProperty("date").GetString());
        Assert.True(citation.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Without_a_question_json_mode_answers_each_stdin_line_in_order()
    {
        var (exit, output, _) = await _cli.RunAsync(_cli.Args("ask", "--json"), "When was the EU-Korea Digital Partnership launched?\n\nWhat is the recipe for kimchi?\n");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("When was the EU-Korea Digital Partnership launched?", first.RootElement.GetProperty("question").GetString());
        Assert.Contains("November 2022", first.RootElement.GetProperty("answer").GetString());
        Assert.False(second.RootElement.GetProperty("answered").GetBoolean());
        Assert.Equal(0, second.RootElement.GetProperty("citations").GetArrayLength());
    }

    [Fact]
    public async Task Human_readable_answer_lists_numbered_sources()
    {
        var (exit, output, _) = await _cli.RunAsync(_cli.Args("ask", "Where is the Korea-Europe Quantum Science Technology Cooperation Centre?"));

        Assert.Equal(0, exit);
        Assert.Contains("Brussels", output);
        Assert.Contains("Sources:", output);
        Assert.Contains("[1] ", output);
    }

    [Fact]
    public async Task A_missing_corpus_is_a_one_line_error_and_a_failing_exit_code()
    {
        var (exit, output, error) = await _cli.RunAsync(["ask", "Anything?", "--corpus", Path.Combine(_cli.Data, "nope"), "--data", _cli.Data]);

        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("corpus folder not found", error);
    }

    [Fact]
    public async Task An_empty_corpus_is_an_error()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_cli.Data, "empty-corpus")).FullName;

        var (exit, _, error) = await _cli.RunAsync(["ask", "Anything?", "--corpus", empty, "--data", Path.Combine(_cli.Data, "d")]);

        Assert.NotEqual(0, exit);
        Assert.Contains("no documents", error);
    }

    [Fact]
    public async Task A_question_is_required_without_json()
    {
        var (exit, _, error) = await _cli.RunAsync(_cli.Args("ask"));

        Assert.NotEqual(0, exit);
        Assert.Contains("question is required", error);
    }
}
