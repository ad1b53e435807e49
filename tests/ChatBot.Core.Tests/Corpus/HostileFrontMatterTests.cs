using System.Text;
using ChatBot.Core.Corpus;

namespace ChatBot.Core.Tests.CorpusLoading;

public class HostileFrontMatterTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Deeply_nested_front_matter_is_refused_without_overflowing_the_stack(string open, string close)
    {
        var markdown = "---\ntitle: x\nnested: " + string.Concat(Enumerable.Repeat(open, 20_000)) + "1" + string.Concat(Enumerable.Repeat(close, 20_000)) + "\n---\nThe council met.\n";
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                new CorpusLoader().Load(new CorpusFile("/corpus/a.md", "a.md", "a"), Encoding.UTF8.GetBytes(markdown));
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();

        var refused = Assert.IsType<DocumentLoadException>(error);
        Assert.Contains("nested deeper than", refused.Message);
    }

    [Fact]
    public void Ordinary_nesting_in_front_matter_still_loads()
    {
        var markdown = "---\ntitle: Nested\nsource:\n  - https://example.org/a\nextra: {a: {b: [1, 2, {c: 3}]}}\n---\nThe council met.\n";

        var doc = new CorpusLoader().Load(new CorpusFile("/corpus/a.md", "a.md", "a"), Encoding.UTF8.GetBytes(markdown));

        Assert.Equal("Nested", doc.Info.Title);
        Assert.Equal("https://example.org/a", doc.Info.Url);
    }
}
