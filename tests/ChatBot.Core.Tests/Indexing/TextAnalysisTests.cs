using ChatBot.Core.Answers;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Tests.Indexing;

public class TextAnalysisTests
{
    [Fact]
    public void English_analysis_lowercases_stems_and_drops_stop_words_and_possessives()
    {
        using var analysis = new TextAnalysis();

        var terms = analysis.EnglishTerms("The Partnership's councils were cooperating on Semiconductors");

        Assert.Equal(["partnership", "council", "were", "cooper", "semiconductor"], terms);
    }

    [Fact]
    public void Korean_text_is_split_into_bigrams()
    {
        using var analysis = new TextAnalysis();

        var terms = analysis.KoreanTerms("양자과학기술");

        Assert.Equal(["양자", "자과", "과학", "학기", "기술"], terms);
    }

    [Fact]
    public void Porter_undoubling_is_tolerated_when_matching()
    {
        Assert.True(SentenceScorer.SameStem("add", "ad"));
        Assert.True(SentenceScorer.SameStem("council", "council"));
        Assert.False(SentenceScorer.SameStem("ad", "adz"));
        Assert.False(SentenceScorer.SameStem("a", "aa"));
    }
}
