using System.Text;
using ChatBot.Core.Corpus;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Knowledge;

/// <summary>A file of one endless sentence, title or word must not turn into an answer of the same size.</summary>
public sealed class OversizedTextTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private static string RunOn(int words)
    {
        var text = new StringBuilder();
        string[] vocabulary = ["the", "council", "met", "in", "Seoul", "and", "agreed", "on", "semiconductor", "cooperation", "with", "partners"];
        for (var i = 0; i < words; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(vocabulary[i % vocabulary.Length]);
        }
        return text.ToString();
    }

    [Fact]
    public void A_run_on_sentence_is_cut_at_word_boundaries_into_bounded_verbatim_pieces()
    {
        var block = RunOn(20_000);

        var sentences = SentenceSplitter.Split(block);

        Assert.True(sentences.Count > 100);
        Assert.All(sentences, s => Assert.InRange(s.Length, 1, SentenceSplitter.MaxSentenceChars));
        Assert.Equal(block, string.Join(' ', sentences));
    }

    [Fact]
    public void An_endless_word_is_cut_without_splitting_a_surrogate_pair()
    {
        var block = new string('x', SentenceSplitter.MaxSentenceChars - 1) + string.Concat(Enumerable.Repeat("😀", 800));

        var sentences = SentenceSplitter.Split(block);

        Assert.All(sentences, s => Assert.InRange(s.Length, 1, SentenceSplitter.MaxSentenceChars));
        Assert.All(sentences, s => Assert.False(char.IsHighSurrogate(s[^1]) || char.IsLowSurrogate(s[0])));
        Assert.Equal(block, string.Concat(sentences));
    }

    [Fact]
    public async Task A_megabyte_run_on_sentence_gives_a_short_answer_with_bounded_quotes()
    {
        _corpus.Write("runon.md", "---\ntitle: Run on\ndate: 2025-01-01\n---\n" + RunOn(150_000) + "\n");
        _corpus.Write("heading.md", "---\ntitle: Heading\n---\n# " + RunOn(20_000) + "\n\nShort body.\n");
        using var engine = new Engine(_corpus.Path, _data.Path);
        await engine.RefreshAsync();

        var answer = await engine.AskAsync("Where did the council meet to agree on semiconductor cooperation?");

        Assert.True(answer.Text.Length < 4 * SentenceSplitter.MaxSentenceChars, $"answer of {answer.Text.Length} characters");
        Assert.All(answer.Citations, c => Assert.InRange(c.Quote.Length, 1, 2 * SentenceSplitter.MaxSentenceChars));
        Assert.All(answer.Citations, c => Assert.Contains(c.Quote, engine.Knowledge.CleanTextOf(c.Document)));
        var passages = new[] { "runon", "heading" }.SelectMany(engine.Knowledge.PassagesOf).ToList();
        Assert.All(passages, p => Assert.InRange(p.Text.Length, 1, 4 * 700 + SentenceSplitter.MaxSentenceChars));
        Assert.All(passages, p => Assert.True((p.Heading?.Length ?? 0) <= SentenceSplitter.MaxSentenceChars));
    }

    [Fact]
    public async Task Titles_names_and_links_are_bounded()
    {
        _corpus.Write("long.md", $"---\ntitle: \"{RunOn(5_000)}\"\nauthor: \"{new string('a', 10_000)}\"\nsource: https://example.org/{new string('p', 10_000)}\n---\nThe council met in Seoul.\n");
        _corpus.Write("untitled.txt", RunOn(5_000) + "\n");
        using var engine = new Engine(_corpus.Path, _data.Path);

        await engine.RefreshAsync();

        var document = engine.Knowledge.Document("long")!;
        Assert.InRange(document.Title.Length, 1, CorpusLoader.MaxTitleChars);
        Assert.EndsWith("…", document.Title);
        Assert.InRange(document.Author!.Length, 1, CorpusLoader.MaxNameChars);
        Assert.Null(document.Url);
        Assert.InRange(engine.Knowledge.Document("untitled")!.Title.Length, 1, CorpusLoader.MaxTitleChars);
    }
}
