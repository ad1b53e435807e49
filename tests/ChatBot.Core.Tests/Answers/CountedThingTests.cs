using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// "How many X" is answered with a count of X, never with the first number of the line: the
/// fixture's line counts institutes, countries and Korean institutes side by side, and another
/// line counts projects and gives an amount. A Korean question gets the count the Korean way.
/// </summary>
public sealed class CountedThingTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2024-07-18-eu-korea-chip-projects.md", """
            ---
            title: "EU and Korea launch joint chip research projects"
            date: 2024-07-18
            ---
            Four jointly funded semiconductor projects were announced by the EU and Korea, with €6 million from each side.

            The semiconductor consortia bring together 14 institutes from nine European countries and 11 research institutes from Korea.
            """);
    }

    [Fact]
    public async Task A_count_of_countries_is_not_answered_with_the_count_of_projects_or_institutes()
    {
        var answer = await Engine.AskAsync("how many european countries are in the semiconductor consortia?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Nine European countries", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_counts_of_the_thing_the_one_sharing_most_with_the_question_opens()
    {
        var answer = await Engine.AskAsync("how many korean research institutes are in the semiconductor consortia?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("11 research institutes", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_korean_count_question_gets_the_count_the_korean_way()
    {
        var answer = await Engine.AskAsync("한-EU 반도체 과제는 몇 개인가요?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("4개 [1]", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Four jointly", answer.Text[..answer.Text.IndexOf(':', StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_count_question_never_opens_with_an_amount_of_money()
    {
        var answer = await Engine.AskAsync("how many grants are expected for the semiconductor projects?");

        Assert.DoesNotContain("€6 million [1]", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4개 [1]", "Four jointly funded projects were announced.", true)]
    [InlineData("5개 [1]", "Four jointly funded projects were announced.", false)]
    [InlineData("11개 [1]", "11 research institutes from Korea", true)]
    public void A_korean_count_stands_in_a_quote_that_spells_the_number(string opening, string quote, bool expected) =>
        Assert.Equal(expected, OpeningNumbers.StandInQuotes(opening, [(quote, null)]));

    [Theory]
    [InlineData("14 institutes", 14)]
    [InlineData("Four jointly funded projects", 4)]
    [InlineData("1,200 researchers", 1200)]
    [InlineData("several projects", null)]
    public void The_number_a_count_starts_with_is_read_from_digits_or_words(string count, int? expected) =>
        Assert.Equal(expected, KoreanNumbers.CountOf(count));

    [Theory]
    [InlineData("몇 개국이 참여하나요?", "개국")]
    [InlineData("연구기관은 몇 곳인가요?", "곳")]
    [InlineData("과제는 몇 개인가요?", "개")]
    [InlineData("몇이나 되나요?", "개")]
    public void The_korean_count_uses_the_question_s_counter(string question, string counter) =>
        Assert.Equal(counter, KoreanWords.CounterIn(question));
}
