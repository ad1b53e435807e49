using System.Text.Json;
using ChatBot.Host.Cli;

namespace ChatBot.Host.Tests.Cli;

public sealed class DigestCommandTests : IDisposable
{
    private readonly DigestCliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Digest_since_a_date_before_the_corpus_lists_every_document_once_with_a_cited_sentence()
    {
        var (exit, output, error) = await _cli.RunAsync("digest", "--since", "2020-01-01", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("empty").GetBoolean());
        var items = root.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray()).ToList();
        var documents = Directory.GetFiles(Path.Combine(_cli.RepoRoot, "corpus"), "*.md", SearchOption.AllDirectories).Length;
        Assert.Equal(documents, items.Count);
        Assert.Equal(documents, items.Select(i => i.GetProperty("document").GetString()).Distinct().Count());
        var citations = root.GetProperty("body").GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(items.Select(i => i.GetProperty("n").GetInt32()), citations.Select(c => c.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Digest_since_after_the_newest_document_says_nothing_is_new()
    {
        var (exit, output, _) = await _cli.RunAsync("digest", "--since", "2099-01-01");

        Assert.Equal(0, exit);
        Assert.Equal("Nothing new in the partnership documents since 1 January 2099.", output.Trim());
    }

    [Fact]
    public async Task Digest_text_groups_documents_under_topic_lines()
    {
        var (exit, output, _) = await _cli.RunAsync("digest", "--since", "2020-01-01");

        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+ new or changed document\(s\) since 2020-01-01 00:00 UTC:", output);
        Assert.Contains("\nSemiconductors\n• Semiconductors in the EU-Korea Digital Partnership (2025-08-12): ", output.Replace("\r", ""));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13-45")]
    public async Task A_bad_since_is_a_one_line_error(string since)
    {
        var (exit, output, error) = await _cli.RunAsync("digest", "--since", since);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"--since must be a date such as 2025-01-31", Assert.Single(error.TrimEnd().Split('\n')));
    }

    [Fact]
    public async Task Digest_without_since_is_refused()
    {
        var (exit, _, error) = await _cli.RunAsync("digest");

        Assert.NotEqual(0, exit);
        Assert.Contains("--since", error);
    }

    [Theory]
    [InlineData("2025-01-31", "2025-01-31T00:00:00+00:00")]
    [InlineData("2025-01-31T09:00:00+01:00", "2025-01-31T08:00:00+00:00")]
    [InlineData("2025-01-31T09:00:00Z", "2025-01-31T09:00:00+00:00")]
    public void Since_accepts_dates_and_instants(string text, string expected)
    {
        Assert.True(DigestCommand.TryParseSince(text, out var since));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), since);
    }
}
