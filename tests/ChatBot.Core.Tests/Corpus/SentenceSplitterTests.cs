using ChatBot.Core.Corpus;

namespace ChatBot.Core.Tests.CorpusLoading;

public class SentenceSplitterTests
{
    [Fact]
    public void Splits_at_terminal_punctuation_followed_by_a_capital()
    {
        var sentences = SentenceSplitter.Split("The council met in Seoul. It agreed on six areas! Was it enough? Yes.");

        Assert.Equal(["The council met in Seoul.", "It agreed on six areas!", "Was it enough?", "Yes."], sentences);
    }

    [Theory]
    [InlineData("Dr Raluca Csernatoni spoke. Dr. Smith replied to her.", 2)]
    [InlineData("Tensions between the U.S. and China grew. Europe reacted.", 2)]
    [InlineData("Rivalry with the U.S. Government intensified.", 1)]
    [InlineData("Some areas, e.g. AI and chips, matter. Others less.", 2)]
    [InlineData("Mr. Lee Jong-Ho co-chaired it. Prof. Kim attended.", 2)]
    [InlineData("It was signed by J. Smith in Brussels.", 1)]
    public void Abbreviations_and_initials_do_not_split(string text, int expected)
    {
        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(expected, sentences.Count);
    }

    [Fact]
    public void An_emoji_or_symbol_after_a_full_stop_opens_a_sentence()
    {
        var sentences = SentenceSplitter.Split("Researchers may join from 2025. 🎉Delighted to say we have concluded negotiations! ▶ Joint statement of the summit.");

        Assert.Equal(["Researchers may join from 2025.", "🎉Delighted to say we have concluded negotiations!", "▶ Joint statement of the summit."], sentences);
    }

    [Fact]
    public void Sentences_are_verbatim_substrings_of_the_block()
    {
        const string block = "In 2024, the two sides announced support (valued at 12 million euros). “Quoted text.” Then 16.8 billion won followed.";

        var sentences = SentenceSplitter.Split(block);

        Assert.Equal(3, sentences.Count);
        Assert.All(sentences, s => Assert.Contains(s, block));
        Assert.Equal("In 2024, the two sides announced support (valued at 12 million euros).", sentences[0]);
    }

    [Fact]
    public void Decimal_numbers_and_lower_case_continuations_stay_in_one_sentence()
    {
        var sentences = SentenceSplitter.Split("About 16.8 billion won was pledged, i.e. a lot. another clause follows.");

        Assert.Single(sentences);
    }
}
