using System.Text.Json;

namespace ChatBot.Host.Tests.Cli;

/// <summary>The command line with the sentence-embedding model on (the default), over the repository corpus.</summary>
public class HybridCliTests : IDisposable
{
    private readonly EngineCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Ask_embeds_the_corpus_once_before_answering_and_lexical_skips_the_model()
    {
        var (exit, output, error) = await _cli.RunAsync(_cli.HybridArgs("ask", "--json", "Where was the first Digital Partnership Council held?"));
        var vectors = Path.Combine(_cli.Data, "vectors", "arctic-xs.vec");
        var written = File.GetLastWriteTimeUtc(vectors);
        var size = new FileInfo(vectors).Length;
        var again = await _cli.RunAsync(_cli.HybridArgs("ask", "--json", "Who co-chaired it?"));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("answered").GetBoolean());
        Assert.Contains("Seoul", json.RootElement.GetProperty("answer").GetString());
        Assert.True(size > 1000);
        Assert.Equal(0, again.Exit);
        Assert.Equal(written, File.GetLastWriteTimeUtc(vectors)); // the restart reused every vector
        Assert.Equal(size, new FileInfo(vectors).Length);
    }

    [Fact]
    public async Task Lexical_option_loads_no_model_and_writes_no_vectors()
    {
        var (exit, output, _) = await _cli.RunAsync(_cli.Args("ask", "--json", "Where was the first Digital Partnership Council held?"));

        Assert.Equal(0, exit);
        Assert.Contains("Seoul", output);
        Assert.False(Directory.Exists(Path.Combine(_cli.Data, "vectors")));
    }
}
