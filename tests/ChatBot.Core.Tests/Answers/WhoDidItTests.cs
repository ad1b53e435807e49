using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A report of a signing: the headline states the signing, a minister announces the ceremony
/// with its date, and the next line says who signed. "Who signed" takes the signatories, not the
/// minister who spoke of the ceremony; "when" takes the ceremony's own date, not the report's.
/// </summary>
public sealed class WhoDidItTests() : WrittenCorpusTests(new DateTimeOffset(2025, 9, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2025-07-20-korea-signs-research-accord.md", """
            ---
            title: "Korea signs research association accord with the EU"
            date: 2025-07-20
            ---
            Korea signs research association accord with the EU

            Minister Park Min-soo announced that a signing ceremony for the research association accord was held on July 17 at the Commission's headquarters in Brussels.

            Ambassador Kim Ji-won and Director Anna Berg signed the accord for the two sides.

            Korea is expected to sign a second accord on data with the EU next year.
            """);
        corpus.Write("2025-08-02-korea-eu-host.md", """
            ---
            title: "제5차 한-EU 연구 협의회 개최"
            date: 2025-08-02
            lang: ko
            ---
            과학기술정보통신부 주최로 8월 1일 서울에서 제5차 한-EU 연구 협의회가 열렸다.

            이 협의회는 양측 장관이 수석대표를 맡는 장관급 협의체다.
            """);
    }

    [Fact]
    public async Task Who_signed_is_answered_by_the_line_where_someone_signed_not_by_the_ceremony_announcement()
    {
        var answer = await Engine.AskAsync("who signed the research association accord for korea?");

        Assert.True(answer.Answered, answer.Text);
        var opening = answer.Text[..answer.Text.IndexOf('“')];
        Assert.Contains("Kim Ji-won", opening);
        Assert.DoesNotContain("Park Min-soo", opening);
        Assert.StartsWith("Ambassador Kim Ji-won", answer.Citations[0].Quote);
    }

    [Theory]
    [InlineData("Ambassador Kim Ji-won and Director Anna Berg signed the accord.", true)]
    [InlineData("Presenting the accord, Commissioner Anna Berg asked people to picture it.", true)]
    [InlineData("Co-signing were Kim Ji-won and Anna Berg.", true)]
    [InlineData("Minister Park Min-soo said a signing ceremony was held on July 17.", false)]
    [InlineData("Minister Park Min-soo is determined to finish the steps towards signing the accord.", false)]
    [InlineData("— Anna Berg (@berg) The accord is expected to be signed later this year.", false)]
    public void A_line_states_the_act_as_done_only_when_someone_does_it(string line, bool done)
    {
        var question = line.Contains("Presenting", StringComparison.Ordinal) ? "who presented the accord?"
            : line.Contains("Co-signing", StringComparison.Ordinal) ? "who co-signed it?"
            : "who signed the accord?";

        Assert.Equal(done, Roles.StatesActDone(question, line));
    }

    [Fact]
    public async Task A_headline_dated_only_by_its_report_yields_to_the_line_that_dates_the_event()
    {
        var answer = await Engine.AskAsync("when was korea's research association accord signed?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("July 17 [1]", answer.Text);
        Assert.Contains("signing ceremony", answer.Citations[0].Quote);
    }

    [Fact]
    public async Task A_signing_still_to_come_does_not_date_a_signing_asked_of_the_past()
    {
        var past = await Engine.AskAsync("when was korea's data accord with the eu signed?");

        Assert.False(past.Answered, past.Text);
    }

    [Theory]
    [InlineData("Ambassador Kim Ji-won signed the accord on July 17.", true)]
    [InlineData("A signing ceremony was held on July 17.", true)]
    [InlineData("Korea is determined to finish the steps towards signing the accord before the end of this year.", false)]
    [InlineData("The accord is expected to be signed next year.", false)]
    [InlineData("Korea will sign a second accord next year.", false)]
    public void A_stage_is_stated_as_done_unless_only_still_to_come(string line, bool done) =>
        Assert.Equal(done, EventPhases.StatesDone(EventPhase.Signing, line));

    [Fact]
    public async Task A_korean_who_question_is_answered_by_the_body_that_did_it()
    {
        var answer = await Engine.AskAsync("5차 연구 협의회는 누가 주최했어?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("과학기술정보통신부 주최로", answer.Citations[0].Quote);
    }

    [Theory]
    [InlineData("이 협의회는 양측 장관이 수석대표를 맡는 장관급 협의체다.")]
    [InlineData("한국 과기정통부 장관과 EU 내수시장 집행위원을 수석대표로 새로 만든 장관급 협의체다.")]
    public void A_rank_or_an_office_described_is_not_a_person(string line)
    {
        Assert.Empty(Cues.People(line));
    }

    [Fact]
    public void A_korean_name_before_a_title_is_still_a_person()
    {
        Assert.Contains("이종호 장관", Cues.People("이종호 장관과 띠에리 브르통 집행위원이 서명했다."));
    }
}
