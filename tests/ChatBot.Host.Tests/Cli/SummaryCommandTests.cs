using System.Text.Json;

namespace ChatBot.Host.Tests.Cli;

public sealed class SummaryCommandTests : IDisposable
{
    private readonly DigestCliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Summary_prints_a_cited_overview_with_its_sources()
    {
        var (exit, output, error) = await _cli.RunAsync("summary", "semiconductors");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("Semiconductors", output);
        Assert.Contains("[1]", output);
        Assert.Contains("[3]", output);
        Assert.Contains("Sources:", output);
    }

    [Fact]
    public async Task Summary_json_has_the_topic_and_verbatim_quotes_of_the_answer_model()
    {
        var (exit, output, _) = await _cli.RunAsync("summary", "Horizon Europe", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("research", root.GetProperty("topic").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        var citations = root.GetProperty("citations").EnumerateArray().ToList();
        Assert.InRange(citations.Count, 3, 6);
        var text = root.GetProperty("answer").GetString()!;
        foreach (var citation in citations)
        {
            var quote = citation.GetProperty("quote").GetString()!;
            Assert.Contains($"{quote} [{citation.GetProperty("n").GetInt32()}]", text);
            var file = Path.Combine(_cli.RepoRoot, "corpus", citation.GetProperty("document").GetString() + ".md");
            Assert.Contains(quote, File.ReadAllText(file));
        }
    }

    [Fact]
    public async Task An_unknown_topic_exits_1_naming_the_closest_and_the_known_topics()
    {
        var (exit, output, error) = await _cli.RunAsync("summary", "quantom");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("unknown topic \"quantom\"", line);
        Assert.Contains("Did you mean \"quantum\"", line);
        Assert.Contains("semiconductors, ai, quantum, hpc", line);
    }

    [Fact]
    public async Task Topics_lists_every_topic_with_its_document_count()
    {
        var (exit, output, _) = await _cli.RunAsync("topics");

        Assert.Equal(0, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(10, lines.Length);
        Assert.Matches(@"^semiconductors\s+Semiconductors\s+\d+ documents?\s*$", lines[0]);
        Assert.All(lines, l => Assert.DoesNotMatch(@"\s0 documents", l));
    }

    [Fact]
    public async Task Topics_json_counts_documents_per_topic()
    {
        var (exit, output, _) = await _cli.RunAsync("topics", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var governance = json.RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "governance");
        Assert.Equal("Councils and governance", governance.GetProperty("name").GetString());
        var documents = Directory.GetFiles(Path.Combine(_cli.RepoRoot, "corpus"), "*.md", SearchOption.AllDirectories).Length;
        Assert.InRange(governance.GetProperty("documents").GetInt32(), 1, documents);
    }
}
