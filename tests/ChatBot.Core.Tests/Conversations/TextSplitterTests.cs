using System.Text.RegularExpressions;
using ChatBot.Core.Conversations;

namespace ChatBot.Core.Tests.Conversations;

public sealed partial class TextSplitterTests
{
    // Discord's message limit: the tightest of the platforms the splitter serves.
    private const int MessageLimit = 2000;

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();

    private static string LongAnswer(int sentences)
    {
        var parts = Enumerable.Range(1, sentences).Select(i => $"Sentence number {i} talks about semiconductors, 6G research and data flows between the partners [{i % 9 + 1}].");
        return string.Join(" ", parts);
    }

    [Fact]
    public void Short_text_is_one_chunk()
    {
        Assert.Equal(["Hello [1]."], TextSplitter.Split("  Hello [1].  ", MessageLimit));
    }

    [Theory]
    [InlineData(40, 2000)]
    [InlineData(200, 2000)]
    [InlineData(30, 300)]
    public void Chunks_respect_the_limit_and_keep_every_word_and_marker(int sentences, int limit)
    {
        var text = LongAnswer(sentences);

        var chunks = TextSplitter.Split(text, limit);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, limit));
        Assert.Equal(text.Split(' '), chunks.SelectMany(c => c.Split(' ')));
        Assert.Equal(Marker().Matches(text).Count, chunks.Sum(c => Marker().Matches(c).Count));
    }

    [Fact]
    public void Prefers_to_cut_after_a_sentence_and_its_markers()
    {
        var text = LongAnswer(40);

        var chunks = TextSplitter.Split(text, MessageLimit);

        Assert.All(chunks.SkipLast(1), c => Assert.Matches(@"\.\s*(\[\d+\])*$|\]\.$", c));
    }

    [Fact]
    public void Prefers_paragraph_breaks()
    {
        var first = new string('a', 5) + " " + string.Join(" ", Enumerable.Repeat("word", 150));
        var text = first + "\n\n" + string.Join(" ", Enumerable.Repeat("more", 200));

        var chunks = TextSplitter.Split(text, 1000);

        Assert.Equal(first, chunks[0]);
    }

    [Fact]
    public void An_unbroken_run_is_cut_outside_a_marker()
    {
        var text = new string('x', 1997) + "[12]" + new string('y', 10);

        var chunks = TextSplitter.Split(text, 2000);

        Assert.Equal(new string('x', 1997), chunks[0]);
        Assert.StartsWith("[12]", chunks[1]);
    }

    [Fact]
    public void Shorten_ends_at_a_word_with_an_ellipsis()
    {
        var shortened = TextSplitter.Shorten("The Digital Partnership Council met in Seoul", 20);

        Assert.Equal("The Digital…", shortened);
        Assert.True(shortened.Length <= 20);
    }

    private static bool SplitsASurrogatePair(string chunk) =>
        chunk.Length > 0 && (char.IsHighSurrogate(chunk[^1]) || char.IsLowSurrogate(chunk[0]));

    [Theory]
    [InlineData(1999)]
    [InlineData(2000)]
    public void An_unbroken_run_of_emoji_is_never_cut_inside_a_surrogate_pair(int prefix)
    {
        var text = new string('x', prefix) + string.Concat(Enumerable.Repeat("😀", 50));

        var chunks = TextSplitter.Split(text, 2000);

        Assert.All(chunks, c => Assert.False(SplitsASurrogatePair(c), $"chunk ends or starts inside a surrogate pair (length {c.Length})"));
        Assert.Equal(text, string.Concat(chunks));
    }

    [Fact]
    public void Shorten_never_cuts_a_surrogate_pair()
    {
        var shortened = TextSplitter.Shorten(string.Concat(Enumerable.Repeat("𝔸", 30)), 20);

        Assert.False(char.IsHighSurrogate(shortened[^2]), shortened);
        Assert.True(shortened.Length <= 20);
    }

    [Fact]
    public void A_marker_after_the_sentence_stays_with_that_sentence()
    {
        // The engine's own format: "Sentence. [1] Next sentence. [2]".
        var sentences = Enumerable.Range(1, 60).Select(i => $"Sentence {i} says something about the council and its chips. [{i % 9 + 1}]");
        var text = string.Join(" ", sentences);

        var chunks = TextSplitter.Split(text, 500);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 500));
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("Sentence", c));
        Assert.All(chunks.SkipLast(1), c => Assert.Matches(@"\. \[\d\]$", c));
    }

    [Fact]
    public void Word_cut_does_not_leave_a_marker_at_the_start_of_the_next_chunk()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 30)) + " [1] " + string.Join(" ", Enumerable.Repeat("more", 30));

        var chunks = TextSplitter.Split(text, 152);

        Assert.All(chunks.Skip(1), c => Assert.DoesNotMatch(@"^\[\d+\]", c));
        Assert.Equal(text.Split(' '), chunks.SelectMany(c => c.Split(' ')));
    }
}
