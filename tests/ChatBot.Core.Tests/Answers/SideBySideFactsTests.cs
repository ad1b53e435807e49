using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A page that sets Korea's law beside the EU's states a fact of each on the same lines; a
/// question about one takes only that one's facts. An amount answers "how much did they invest"
/// only on a line that speaks of investing, and a year inside an identifier dates nothing.
/// </summary>
public sealed class SideBySideFactsTests() : WrittenCorpusTests(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2026-01-22-korea-vs-eu-ai-act.md", """
            ---
            title: "Korea AI Basic Act vs EU AI Act compared"
            date: 2026-01-22
            ---
            Korea's Basic Act limits AI fines to $21,000.

            The EU can impose AI fines of up to 7% of global turnover.

            Korea devotes 14 articles to promoting the AI industry; nothing in the EU law corresponds to that.

            | Aspect | Korea AI Basic Act | EU AI Act |
            |---|---|---|
            | Structure | 43 articles in 6 chapters | 113 articles in 13 titles |
            """);
        corpus.Write("2024-03-25-korea-eu-chip-forum.md", """
            ---
            title: "First Korea-EU semiconductor researchers forum opens"
            date: 2024-03-25
            ---
            The first Korea-EU semiconductor researchers forum opened in Brussels on 25 March 2024.

            The EU hopes Korean semiconductor companies will increase their investment in Europe.

            The EU Chips Act targets a 20% share of the global semiconductor market by 2030.
            """);
    }

    [Fact]
    public async Task A_line_only_about_the_other_partner_does_not_answer_for_this_one()
    {
        var answer = await Engine.AskAsync("what is the maximum fine under the EU AI act?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("7%", answer.Citations[0].Quote, StringComparison.Ordinal);
        Assert.DoesNotContain("$21,000", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_row_answers_from_the_column_of_the_partner_asked_about()
    {
        var answer = await Engine.AskAsync("how many articles does the EU AI act have?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("113 articles", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task How_many_opens_with_the_count_of_all_of_them_not_of_a_part()
    {
        var answer = await Engine.AskAsync("how many articles does korea's AI basic act have?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("43 articles", answer.Text, StringComparison.Ordinal);
        Assert.Contains("43 articles", answer.Citations[0].Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_on_a_line_that_is_not_about_investing_does_not_answer_how_much_was_invested()
    {
        var answer = await Engine.AskAsync("how much did korea invest in the semiconductor researchers forum?");

        Assert.DoesNotContain("20%", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Korea devotes 14 articles to promoting the AI industry; nothing in the EU law corresponds to that.", "nothing in the EU law corresponds to that.")]
    [InlineData("The EU and Korea each put €6 million into the projects.", "The EU and Korea each put €6 million into the projects.")]
    [InlineData("Korea's Act is lighter — its fines stop at $21,000; the EU fines up to 7% of turnover.", "the EU fines up to 7% of turnover.")]
    public void Only_the_clauses_about_the_partner_asked_about_are_kept(string line, string expected) =>
        Assert.Equal(expected, PartnerScope.Keep(line, null, Partners.Eu, Partners.Korea, PartnersOf));

    [Fact]
    public void A_table_row_keeps_the_cells_under_the_partner_asked_about() =>
        Assert.Equal(
            "| Structure | 43 articles | |",
            PartnerScope.Keep("| Structure | 43 articles | 113 articles |", "| Aspect | Korea AI Basic Act | EU AI Act |", Partners.Korea, Partners.Eu, PartnersOf));

    [Theory]
    [InlineData("Call ID HORIZON-JU-SNS-2024-STREAM-B-01-06", 0)]
    [InlineData("Programme years 2021 - 2027", 2)]
    public void A_year_inside_an_identifier_is_no_date(string line, int dates) =>
        Assert.Equal(dates, EventDates.In(line, null).Count);

    private static IReadOnlySet<string> PartnersOf(string text)
    {
        var named = new HashSet<string>();
        if (text.Contains("Korea", StringComparison.Ordinal))
        {
            named.Add(Partners.Korea);
        }
        if (text.Contains("EU", StringComparison.Ordinal))
        {
            named.Add(Partners.Eu);
        }
        return named;
    }
}
