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

    [Fact]
    public async Task A_hostile_corpus_and_a_damaged_index_still_index_and_answer()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_cli.Data, "hostile")).FullName;
        var data = Path.Combine(_cli.Data, "hostile-data");
        File.WriteAllText(Path.Combine(corpus, "good.md"), "---\ntitle: Good\n---\nThe council met in Seoul in 2023.\n");
        Directory.CreateSymbolicLink(Path.Combine(corpus, "loop"), ".");
        File.CreateSymbolicLink(Path.Combine(corpus, "zero.md"), "/dev/zero");
        // A folder chain longer than the system's path limit, built one step at a time.
        Shell(corpus, $"mkdir -p {string.Join('/', Enumerable.Repeat(new string('d', 200), 25))}");

        var index = await _cli.RunAsync(["index", "--corpus", corpus, "--data", data, "--lexical"]);
        foreach (var segments in Directory.GetFiles(Path.Combine(data, "index"), "segments_*"))
        {
            File.WriteAllText(segments, "damaged");
        }
        var ask = await _cli.RunAsync(["ask", "--json", "Where did the council meet?", "--corpus", corpus, "--data", data, "--lexical"]);

        Assert.Equal(0, index.Exit);
        Assert.Contains("Indexed: 1 documents", index.Output);
        Assert.Contains("loop/: directory link", index.Output);
        Assert.Contains("zero.md: not a regular file", index.Output);
        Assert.Equal(0, ask.Exit);
        using var json = System.Text.Json.JsonDocument.Parse(ask.Output);
        Assert.Contains(json.RootElement.GetProperty("citations").EnumerateArray(), c => c.GetProperty("document").GetString() == "good");
        Shell(_cli.Data, "rm -rf hostile");
    }

    private static void Shell(string directory, string script)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script]) { WorkingDirectory = directory })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
