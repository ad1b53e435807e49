namespace ChatBot.Host.Tests.Cli;

public class IndexCommandTests : IDisposable
{
    private readonly EngineCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Index_prints_counts_then_reports_an_unchanged_corpus_and_rebuild_starts_over()
    {
        var first = await _cli.RunAsync(_cli.Args("index"));
        var second = await _cli.RunAsync(_cli.Args("index"));
        var rebuild = await _cli.RunAsync(_cli.Args("index", "--rebuild"));

        Assert.Equal(0, first.Exit);
        Assert.Matches(@"Indexed: \d+ documents, \d+ passages", first.Output);
        Assert.Contains("Skipped: 0 file(s)", first.Output);
        Assert.Contains("Index up to date", second.Output);
        Assert.Matches(@"Indexed: \d+ documents, \d+ passages \(\d+ added", rebuild.Output);
    }

    [Fact]
    public async Task Skipped_files_are_listed_with_their_reasons()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_cli.Data, "corpus")).FullName;
        File.WriteAllText(Path.Combine(corpus, "good.md"), "---\ntitle: Good\n---\nA good document.\n");
        File.WriteAllText(Path.Combine(corpus, "empty.txt"), "");

        var (exit, output, _) = await _cli.RunAsync(["index", "--corpus", corpus, "--data", Path.Combine(_cli.Data, "d")]);

        Assert.Equal(0, exit);
        Assert.Contains("Indexed: 1 documents", output);
        Assert.Contains("empty.txt: empty file", output);
    }
}
