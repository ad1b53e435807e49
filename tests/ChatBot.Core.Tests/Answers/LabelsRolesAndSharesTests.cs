using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A call listing written as label lines over value lines, a forum report that names some
/// speakers by role and leaves one unnamed, and a page that speaks of a market share before
/// stating it: the value answers, not its label; the holder of the role asked about answers,
/// not whoever else the line names; a percentage answers "what share".
/// </summary>
public sealed class LabelsRolesAndSharesTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2024-02-01-eu-korea-quantum-call.md", """
            ---
            title: "EU-Korea quantum sensing call"
            date: 2024-02-01
            ---
            EU-Korea quantum sensing call
            Key facts
            Call ID
            QX-2024-EUKR-07
            Opens
            February 1, 2024
            Budget
            €3,000,000
            """);
        corpus.Write("2024-05-10-korea-eu-battery-forum.md", """
            ---
            title: "Korea-EU battery researchers forum held in Busan"
            date: 2024-05-10
            ---
            The Korea-EU battery researchers forum opened in Busan on 10 May 2024 with remarks by Minister Kim Min-su, after which Director Mrs. Anna Berg and the Battery Agency's Executive Director, Mr. Paul Meyer, gave an introduction.

            Vice Minister Park Ji-hoon, speaking for the Korean government, and an adviser of the EU delegation in Korea each addressed the audience at the battery forum.
            """);
        corpus.Write("2024-03-25-eu-battery-act.md", """
            ---
            title: "The EU Battery Act and Korea"
            date: 2024-03-25
            ---
            The EU passed the Battery Act last year to lift Europe's share of the world battery market.

            It funds new cell factories across Europe, and it targets a 25% share of the global market by 2030.
            """);
    }

    [Fact]
    public async Task A_label_line_is_quoted_with_its_value_never_alone()
    {
        var answer = await Engine.AskAsync("what is the EU-Korea quantum call id?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("QX-2024-EUKR-07", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Citations, c => c.Quote.TrimEnd().EndsWith("Call ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_holder_of_the_role_asked_about_opens_the_answer()
    {
        var answer = await Engine.AskAsync("who is the executive director of the battery agency?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Paul Meyer", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_the_line_leaves_unnamed_is_not_answered_with_someone_else()
    {
        var unnamed = await Engine.AskAsync("who was the EU delegation adviser that spoke at the battery forum?");
        var named = await Engine.AskAsync("who spoke for the korean government at the battery forum?");

        Assert.False(unnamed.Answered, unnamed.Text);
        Assert.True(named.Answered, named.Text);
        Assert.Contains("Park Ji-hoon", named.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_share_is_answered_by_the_line_that_states_the_percentage()
    {
        var answer = await Engine.AskAsync("what market share does the EU battery act aim for?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("25%", answer.Text, StringComparison.Ordinal);
    }
}
