using ChatBot.Core.Sources;

namespace ChatBot.Core.Tests.Sources;

public sealed class SourceListFileTests
{
    [Fact]
    public void Reads_feeds_and_pages_with_keywords_language_and_publisher()
    {
        var sources = SourceListFile.Parse(
            """
            sources:
              - id: commission
                url: https://example.org/rss.xml
                include: [korea, digital]
                lang: en
                publisher: European Commission
              - id: page-1
                url: http://example.org/page
                kind: page
                include: korea
            """);

        Assert.Equal(2, sources.Count);
        Assert.Equal((SourceKind.Feed, "en", "European Commission"), (sources[0].Kind, sources[0].Language, sources[0].Publisher));
        Assert.Equal(["korea", "digital"], sources[0].Include);
        Assert.Equal(SourceKind.Page, sources[1].Kind);
        Assert.Equal(["korea"], sources[1].Include);
    }

    [Theory]
    [InlineData("sources:\n  - id: a\n    url: ftp://example.org/x\n", "'url' must be an absolute http(s) URL")]
    [InlineData("sources:\n  - id: a\n    url: /relative\n", "'url' must be an absolute http(s) URL")]
    [InlineData("sources:\n  - url: https://example.org/\n", "has no 'id'")]
    [InlineData("sources:\n  - id: ../../etc\n    url: https://example.org/\n", "'id' may only hold")]
    [InlineData("sources:\n  - id: a\n    url: https://example.org/\n  - id: A\n    url: https://example.org/2\n", "same id")]
    [InlineData("sources:\n  - id: a\n    url: https://example.org/\n    kind: podcast\n", "'kind' must be 'feed' or 'page'")]
    [InlineData("sources: {a: 1}\n", "'sources' must be a list")]
    [InlineData("sources: [\n", "invalid YAML")]
    public void A_bad_entry_is_named_with_its_problem(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => SourceListFile.Parse(yaml));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_file_means_no_sources() =>
        Assert.Empty(SourceListFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "sources.yaml")));

    [Fact]
    public void The_shipped_list_is_valid_and_names_its_publishers()
    {
        var sources = SourceListFile.Load(Path.Combine(ChatBot.Testing.RepositoryPaths.Root, "sources.yaml"));

        Assert.True(sources.Count >= 5);
        Assert.All(sources, s => Assert.False(string.IsNullOrEmpty(s.Publisher)));
        Assert.All(sources, s => Assert.Equal("https", s.Url.Scheme));
    }
}
