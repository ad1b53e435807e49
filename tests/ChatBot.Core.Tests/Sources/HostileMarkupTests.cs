using ChatBot.Core.Sources.Extraction;
using ChatBot.Core.Sources.Fetching;

namespace ChatBot.Core.Tests.Sources;

public sealed class HostileMarkupTests
{
    [Theory]
    [InlineData("<div>", 300)]
    [InlineData("<div>", 100_000)]
    [InlineData("<div/>", 100_000)] // the slash is ignored in HTML: these nest
    [InlineData("<div></table>", 100_000)] // an end tag that closes nothing does not help
    [InlineData("<span><table></span>", 50_000)] // nor one that would have to cross a table
    [InlineData("<b>", 1_000_000)]
    public void Deeply_nested_markup_is_refused_quickly_without_taking_the_process_down(string unit, int depth)
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat(unit, depth)) + "<p>deep text that is long enough to be read as a sentence</p></body></html>";
        var response = new FetchResponse(new Uri("https://news.example.org/deep"), false, System.Text.Encoding.UTF8.GetBytes(html), BodyKind.Html, "text/html", null, null, null);

        var failure = Assert.Throws<FetchFailedException>(() => new PageExtractor().Extract(response));

        Assert.Equal(FetchFailureKind.Malformed, failure.Kind);
        Assert.Contains("nested", failure.Message);
    }

    [Fact]
    public void Ordinary_old_style_markup_is_not_mistaken_for_deep_nesting()
    {
        // Thousands of unclosed paragraphs and list items, an inline SVG of self-closed shapes.
        var html = "<html><body><article><ul>" + string.Concat(Enumerable.Repeat("<li>item", 3000)) + "</ul>"
            + "<svg>" + string.Concat(Enumerable.Repeat("<path d='M0 0'/>", 3000)) + "</svg>"
            + string.Concat(Enumerable.Repeat("<p>The partnership covers semiconductors and artificial intelligence research.", 3000))
            + "</article></body></html>";

        var (depth, tags) = GuardedHtml.Estimate(html);

        Assert.True(depth < 20, $"estimated depth {depth}");
        Assert.True(tags > 9000);
        Assert.NotNull(GuardedHtml.Parse(html, new Uri("https://news.example.org/long")));
    }
}
