using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A page on the EU–Korea partnership that mentions a trade agreement only in passing, then dates
/// the partnership in a line of its own ("This digital partnership was signed …"), and another that
/// dates an older framework agreement: neither dates the trade agreement a question asks about.
/// </summary>
public sealed class DatedSubjectTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2023-02-01-eu-korea-digital-cooperation.md", """
            ---
            title: "EU and Korea deepen their digital cooperation"
            date: 2023-02-01
            ---
            The EU and Korea met in Seoul to review their digital cooperation.

            As a first step, the EU and Korea agreed principles that should lead to a digital trade agreement.
            This digital partnership was signed in November 2022 by both sides.
            """);
        corpus.Write("2023-05-22-eu-korea-summit.md", """
            ---
            title: "EU-Korea summit statement"
            date: 2023-05-22
            ---
            The new partnerships will strengthen the bilateral Framework Agreement signed in 2010.

            The leaders also welcomed progress on trade, research and digital matters.
            """);
    }

    [Fact]
    public async Task A_line_that_names_its_own_subject_does_not_date_the_one_asked_about()
    {
        var answer = await Engine.AskAsync("when was the eu-korea digital trade agreement signed?");

        Assert.False(answer.Answered, answer.Text);
    }

    [Fact]
    public async Task The_partnership_the_line_names_is_still_dated_by_it()
    {
        var answer = await Engine.AskAsync("when was the eu-korea digital partnership signed?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("November 2022", answer.Text);
    }

    [Fact]
    public async Task What_year_is_answered_by_a_year()
    {
        var answer = await Engine.AskAsync("what year was the eu-korea framework agreement signed?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("2010", answer.Text);
    }

    [Theory]
    [InlineData("This digital partnership was signed in 2022.", "The two sides agreed principles for a digital trade agreement.", false)]
    [InlineData("This partnership was signed in 2022.", "The EU and Korea launched a digital partnership.", true)]
    [InlineData("This is the third such partnership.", "The EU signed a partnership with Singapore.", true)]
    [InlineData("It was signed in 2022.", "The two sides agreed principles for a digital trade agreement.", true)]
    public void A_demonstrative_with_a_noun_of_its_own_continues_only_a_line_that_names_it(string line, string previous, bool continues)
    {
        Assert.Equal(continues, ChatBot.Core.Answers.EvidenceScorer.RefersBack(line, previous));
    }
}
