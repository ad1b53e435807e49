using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A "when" question about one stage of an event (talks started, concluded, signed, in force) is
/// answered only by a line that states that stage; a date or amount is the asked thing's only
/// when the line, its context or its document names it. The fixture gives each stage its own
/// line and date, and two programmes their own budgets.
/// </summary>
public sealed class AskedEventTests() : WrittenCorpusTests(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2025-03-11-eu-korea-trade-talks.md", """
            ---
            title: "EU and Korea wrap up digital trade talks"
            date: 2025-03-11
            ---
            The EU and Korea concluded negotiations on their Digital Trade Agreement on 10 March 2025 in Brussels.

            The negotiations had started in October 2023, and eight formal rounds were held.

            The EU and Korea agreed that the joint trade committee meets every year to review the Digital Trade Agreement.
            """);
        corpus.Write("2025-01-06-korea-research-programme.md", """
            ---
            title: "Korea joins the Horizon Europe research programme"
            date: 2025-01-06
            ---
            The Commission and the Korean ministry announced Korea's association to Horizon Europe on 6 January 2025; it has applied since 1 January 2025.
            """);
        corpus.Write("2024-07-18-eu-korea-chip-projects.md", """
            ---
            title: "EU and Korea fund joint semiconductor projects"
            date: 2024-07-18
            ---
            The EU and Korea put €6 million each into four joint semiconductor research projects with a combined budget of €12 million.
            """);
        corpus.Write("2026-01-22-korea-ai-act.md", """
            ---
            title: "Korea's AI Basic Act"
            date: 2026-01-22
            ---
            Korea's AI Basic Act entered into force on 22 January 2026, making Korea the second jurisdiction after the EU with a broad AI law.
            """);
    }

    [Fact]
    public async Task When_talks_started_is_answered_from_the_line_that_says_they_started_not_the_conclusion_date()
    {
        var answer = await Engine.AskAsync("when did the EU-Korea digital trade negotiations start?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("October 2023", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("10 March", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_talks_concluded_is_answered_with_the_conclusion_date()
    {
        var answer = await Engine.AskAsync("when were the EU-Korea digital trade negotiations concluded?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("10 March 2025", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_korean_question_about_the_start_gets_the_start_date()
    {
        var answer = await Engine.AskAsync("한-EU 디지털 통상 협정 협상은 언제 시작되었나요?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("2023년 10월", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_no_line_states_is_not_answered_with_another_stage_date()
    {
        var signed = await Engine.AskAsync("when was the EU-Korea digital trade agreement signed?");

        Assert.False(signed.Answered, signed.Text);
    }

    [Fact]
    public async Task Another_law_entering_into_force_does_not_date_the_agreement_asked_about()
    {
        var english = await Engine.AskAsync("when did the EU-Korea digital trade agreement enter into force?");
        var korean = await Engine.AskAsync("한-EU 디지털통상협정은 언제 발효되나요?");

        Assert.False(english.Answered, english.Text);
        Assert.False(korean.Answered, korean.Text);
    }

    [Fact]
    public async Task The_date_nearest_to_the_stage_asked_about_opens_the_answer()
    {
        var answer = await Engine.AskAsync("since when does korea's horizon europe association apply?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("1 January 2025", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_of_another_programme_does_not_answer_for_a_named_one()
    {
        var answer = await Engine.AskAsync("6G 과제 예산은 얼마인가요?");

        Assert.DoesNotContain("600만", answer.Text, StringComparison.Ordinal);
        Assert.False(answer.Answered, answer.Text);
    }

    [Fact]
    public async Task The_named_programme_s_own_amount_still_answers()
    {
        var answer = await Engine.AskAsync("how much do the EU and Korea put into the joint semiconductor projects?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("€6 million", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task How_often_is_answered_by_the_line_that_states_a_frequency()
    {
        var answer = await Engine.AskAsync("how often does the EU-Korea joint trade committee meet?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Every year [1]", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("when did the negotiations start?", EventPhase.Start)]
    [InlineData("when were the talks wrapped up?", EventPhase.Conclusion)]
    [InlineData("when was the agreement signed?", EventPhase.Signing)]
    [InlineData("when did it take effect?", EventPhase.InForce)]
    [InlineData("since when does it apply?", EventPhase.InForce)]
    [InlineData("협상은 언제 시작되었나요?", EventPhase.Start)]
    [InlineData("협정은 언제 발효되나요?", EventPhase.InForce)]
    [InlineData("언제 서명됐나요?", EventPhase.Signing)]
    [InlineData("언제 타결됐나요?", EventPhase.Conclusion)]
    public void The_stage_a_question_asks_about_is_read_in_english_and_korean(string question, EventPhase expected) =>
        Assert.Equal(expected, EventPhases.AskedIn(question));

    [Theory]
    [InlineData("when was the second council held?")]
    [InlineData("처음 열린 협의회는 언제였나요?")]
    [InlineData("언제 체결됐나요?")]
    public void A_question_naming_no_single_stage_asks_none(string question) =>
        Assert.Null(EventPhases.AskedIn(question));

    [Theory]
    [InlineData("Negotiations were concluded on 10 March 2025.", EventPhase.Conclusion, true)]
    [InlineData("Negotiations were concluded on 10 March 2025.", EventPhase.Start, false)]
    [InlineData("양측은 2023년 10월에 처음 협상 테이블에 앉았다.", EventPhase.Start, true)]
    [InlineData("| Entry into force | January 22, 2026 |", EventPhase.InForce, true)]
    [InlineData("디지털통상협정, 한・EU 간 체결돼", EventPhase.Signing, true)]
    [InlineData("디지털통상협정, 한・EU 간 체결돼", EventPhase.Conclusion, true)]
    [InlineData("The Commission announced that the EU had reached a digital trade agreement with Korea.", EventPhase.Signing, false)]
    public void A_line_states_a_stage_in_either_language(string line, EventPhase phase, bool expected) =>
        Assert.Equal(expected, EventPhases.States(phase, line));
}
