using ChatBot.Core.Corpus;

namespace ChatBot.Core.Tests.CorpusLoading;

public class PassageBuilderTests
{
    [Fact]
    public void Headings_open_passages_and_name_them()
    {
        var blocks = new[]
        {
            new TextBlock("Semiconductors", IsHeading: true),
            new TextBlock("Chips matter. They are scarce."),
            new TextBlock("Quantum", IsHeading: true),
            new TextBlock("Quantum is next."),
        };

        var passages = new PassageBuilder().Build("doc", blocks);

        Assert.Equal(2, passages.Count);
        Assert.Equal("Semiconductors", passages[0].Heading);
        Assert.Equal(["Semiconductors", "Chips matter.", "They are scarce."], passages[0].Sentences);
        Assert.Equal("Quantum", passages[1].Heading);
        Assert.Equal(["doc#0", "doc#1"], passages.Select(p => p.Id));
        Assert.Equal([0, 1], passages.Select(p => p.Ordinal));
    }

    [Fact]
    public void Long_text_is_cut_into_several_passages_at_sentence_boundaries()
    {
        var sentence = "This sentence is about the digital partnership and it is fairly long. ";
        var blocks = Enumerable.Range(0, 30).Select(_ => new TextBlock(sentence.Trim())).ToList();

        var passages = new PassageBuilder(targetChars: 300).Build("doc", blocks);

        Assert.True(passages.Count > 3);
        Assert.All(passages, p => Assert.All(p.Sentences, s => Assert.Equal(sentence.Trim(), s)));
        Assert.Equal(30, passages.Sum(p => p.Sentences.Count));
    }
}
