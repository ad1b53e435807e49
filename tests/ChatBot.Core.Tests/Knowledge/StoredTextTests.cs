using ChatBot.Core.Corpus;

namespace ChatBot.Core.Tests.Knowledge;

public sealed class StoredTextTests
{
    [Fact]
    public void Sentences_come_back_verbatim_from_their_slices_in_any_script()
    {
        const string text = "Ministers met in Seoul.\n제3차 디지털 파트너십 협의회가 열렸다. Šefčovič signed it.\nThe end.";
        var stored = new StoredText(text);
        var finder = stored.Finder(text);

        var first = finder.SlicesOf(["Ministers met in Seoul."]);
        var second = finder.SlicesOf(["제3차 디지털 파트너십 협의회가 열렸다.", "Šefčovič signed it."]);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(StoredText.IsSliced(second));
        Assert.Equal(["Ministers met in Seoul."], first);
        Assert.Equal(["제3차 디지털 파트너십 협의회가 열렸다.", "Šefčovič signed it."], second);
        Assert.Equal(text, stored.ToString());
    }

    [Theory]
    [InlineData("met in Seoul.\n제3차", true)]
    [InlineData("Šefčovič signed", true)]
    [InlineData("협의회가 열렸다", true)]
    [InlineData("Sefcovic signed", false)]
    [InlineData("met in seoul", false)]
    public void Contains_matches_what_the_string_form_contains_without_decoding_it(string value, bool expected)
    {
        const string text = "Ministers met in Seoul.\n제3차 디지털 파트너십 협의회가 열렸다. Šefčovič signed it.";
        var stored = new StoredText(text);

        Assert.Equal(text.Contains(value, StringComparison.Ordinal), stored.Contains(value));
        Assert.Equal(expected, stored.Contains(value));
    }

    [Fact]
    public void A_sentence_before_the_last_one_found_is_still_found()
    {
        const string text = "Alpha one. Beta two. Gamma three.";
        var finder = new StoredText(text).Finder(text);

        Assert.Equal(["Gamma three."], finder.SlicesOf(["Gamma three."]));
        Assert.Equal(["Alpha one.", "Beta two."], finder.SlicesOf(["Alpha one.", "Beta two."]));
    }

    [Fact]
    public void A_sentence_not_in_the_text_leaves_the_passage_as_it_was()
    {
        const string text = "Alpha one. Beta two.";
        var finder = new StoredText(text).Finder(text);

        Assert.Null(finder.SlicesOf(["Alpha one.", "Delta four."]));
        Assert.Null(finder.SlicesOf([""]));
    }

    [Fact]
    public void A_slice_index_out_of_range_is_refused()
    {
        const string text = "Alpha one.";
        var slices = new StoredText(text).Finder(text).SlicesOf(["Alpha one."])!;

        Assert.Throws<ArgumentOutOfRangeException>(() => slices[1]);
    }

    [Fact]
    public void Sentences_read_into_a_buffer_equal_their_strings()
    {
        const string text = "Šefčovič met 한국 ministers. A second, much longer sentence follows it here, with more words than the first one.";
        string[] sentences = ["Šefčovič met 한국 ministers.", "A second, much longer sentence follows it here, with more words than the first one."];
        var slices = new StoredText(text).Finder(text).SlicesOf(sentences)!;
        char[]? buffer = null;

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(sentences[i], StoredText.Read(slices, i, ref buffer).ToString());
            Assert.Equal(sentences[i], StoredText.Read(sentences, i, ref buffer).ToString());
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(sentences[i]), StoredText.LengthOf(slices, i));
            Assert.Equal(sentences[i].Length, StoredText.LengthOf(sentences, i));
        }
        Assert.NotNull(buffer);
        Assert.True(buffer.Length >= sentences[1].Length);
    }
}
