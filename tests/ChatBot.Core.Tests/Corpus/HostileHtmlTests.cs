using System.Text;
using ChatBot.Core.Corpus;

namespace ChatBot.Core.Tests.CorpusLoading;

/// <summary>
/// Pages built to exhaust the reader. Each load runs on a thread with a deliberately small stack,
/// so any walk whose recursion grows with the page's depth fails here instead of in production.
/// </summary>
public class HostileHtmlTests
{
    private const int SmallStack = 256 * 1024;

    private static readonly CorpusLoader Loader = new();

    private static LoadedDocument LoadOnSmallStack(string html)
    {
        LoadedDocument? loaded = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(html);
                loaded = Loader.Load(new CorpusFile("/corpus/page.html", "page.html", "page"), bytes);
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, SmallStack);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        return loaded!;
    }

    private static string Nested(string tag, int depth, string inner) =>
        "<html><head><title>Nested</title></head><body>"
        + string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + inner + string.Concat(Enumerable.Repeat($"</{tag}>", depth))
        + "</body></html>";

    [Theory]
    [InlineData("div")]
    [InlineData("span")]
    [InlineData("b")]
    [InlineData("font")]
    [InlineData("table")]
    [InlineData("ul")]
    [InlineData("blockquote")]
    [InlineData("section")]
    public void Twenty_thousand_nested_elements_are_refused_with_a_reason(string tag)
    {
        var html = Nested(tag, 20_000, "<p>The council met in Seoul.</p>");

        var ex = Assert.Throws<DocumentLoadException>(() => LoadOnSmallStack(html));

        Assert.Contains("nested deeper than", ex.Message);
    }

    [Fact]
    public void Unclosed_nesting_is_refused_too()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><i>", 15_000)) + "The council met.";

        var ex = Assert.Throws<DocumentLoadException>(() => LoadOnSmallStack(html));

        Assert.Contains("nested deeper than", ex.Message);
    }

    [Fact]
    public void A_page_with_absurdly_many_elements_is_refused()
    {
        var html = "<html><body><p>The council met.</p>" + string.Concat(Enumerable.Repeat("<br>", HtmlDocumentReader.MaxElements + 10)) + "</body></html>";

        var ex = Assert.Throws<DocumentLoadException>(() => LoadOnSmallStack(html));

        Assert.Contains("elements", ex.Message);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("blockquote")]
    [InlineData("li")]
    public void Deep_but_plausible_nesting_is_read_without_recursion(string tag)
    {
        // Deep enough that a recursive walk (a few frames per level) overflows the small stack.
        var inner = "<h2>Outcome</h2><p>The council met in Seoul. It agreed on chips.</p>";
        var html = Nested("div", HtmlDocumentReader.MaxDepth - 12, $"<{tag}>{inner}</{tag}>");

        var doc = LoadOnSmallStack(html);

        Assert.Equal("Nested", doc.Info.Title);
        Assert.Contains("The council met in Seoul.", doc.Passages.SelectMany(p => p.Sentences));
        Assert.Contains("It agreed on chips.", doc.Passages.SelectMany(p => p.Sentences));
    }

    [Fact]
    public void Sloppy_pages_with_many_unclosed_paragraphs_and_items_are_not_mistaken_for_deep_ones()
    {
        var items = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"<li>Item {i} of the list.<p>Paragraph {i} here."));
        var html = $"<html><body><main><ul>{items}</ul></main></body></html>";

        var doc = LoadOnSmallStack(html);

        Assert.Contains("Paragraph 1999 here.", doc.CleanText);
    }

    [Fact]
    public void Scripts_full_of_tags_do_not_count_as_nesting()
    {
        var script = "<script>var s = '" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "';</script>";
        var html = $"<html><head><title>T</title>{script}</head><body><p>The council met in Seoul.</p></body></html>";

        var doc = LoadOnSmallStack(html);

        Assert.Contains("The council met in Seoul.", doc.CleanText);
        Assert.DoesNotContain("var s", doc.CleanText);
    }

    [Fact]
    public void An_element_with_a_hundred_thousand_attributes_is_read_in_linear_time()
    {
        // The parser compares each attribute with those before it; uncapped, this took minutes.
        var attributes = string.Join(" ", Enumerable.Range(0, 100_000).Select(i => $"data-a{i}=1"));
        var html = $"<html><head><title>Wide</title></head><body><p {attributes}>The council met in Seoul.</p></body></html>";

        var doc = LoadOnSmallStack(html);

        Assert.Contains("The council met in Seoul.", doc.CleanText);
    }

    [Fact]
    public void Text_inside_deep_furniture_is_left_out()
    {
        var html = "<html><body><main><p>Kept sentence.</p>" + string.Concat(Enumerable.Repeat("<nav><div>", 200)) + "Menu text</main></body></html>";

        var doc = LoadOnSmallStack(html);

        Assert.Contains("Kept sentence.", doc.CleanText);
        Assert.DoesNotContain("Menu text", doc.CleanText);
    }
}
