using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// Korean questions in the partnership's everyday vocabulary (가입, 예산, 마감일, 서명, 장소,
/// 양해각서) reach English documents and open in Korean; an English question reaches a Korean
/// document; off-topic and other-partner Korean questions are still refused.
/// </summary>
public sealed class KoreanQuestionsTests() : WrittenCorpusTests(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("programme.md", """
            ---
            title: "Korea to join the research programme"
            date: 2024-11-20
            ---
            Korea will join Horizon Europe as an associated country from 1 January 2025.

            Horizon Europe runs with a budget of €95.5 billion over seven years.
            """);
        corpus.Write("call.md", """
            ---
            title: "EU-ROK 6G cooperation call"
            date: 2024-01-16
            ---
            EU-ROK 6G cooperation call

            Deadline
            April 18, 2024

            Budget
            €10,000,000
            """);
        corpus.Write("memorandum.md", """
            ---
            title: "EU and Korea sign a memorandum of understanding on quantum research"
            date: 2024-05-03
            ---
            The memorandum of understanding on quantum research was signed by Commissioner Anna Berger and Minister Kim Min-su in Seoul on 3 May 2024.
            """);
        corpus.Write("japan.md", """
            ---
            title: "EU and Japan hold their Digital Partnership Council"
            date: 2025-05-12
            ---
            The EU and Japan held their Digital Partnership Council in Tokyo on 12 May 2025.
            """);
        corpus.Write("presented.md", """
            ---
            title: "Commission presents the EU-Korea digital trade agreement"
            date: 2025-03-10
            ---
            Presenting the EU-Korea digital trade agreement, Commissioner Maroš Šefčovič praised its safeguards for consumers.
            """);
        corpus.Write("ko-council.md", """
            ---
            title: "제4차 한-EU 디지털 파트너십 협의회 개최"
            date: 2026-03-05
            lang: ko
            ---
            제4차 한-EU 디지털 파트너십 협의회가 3월 5일 부산 벡스코에서 열렸다.
            """);
    }

    [Theory]
    [InlineData("한국은 언제 호라이즌 유럽에 가입하나요?", "2025년 1월 1일", "programme")]
    [InlineData("호라이즌 유럽 예산은 얼마인가요?", "955억 유로 [1]", "programme")]
    [InlineData("6G 공모 마감일은 언제인가요?", "2024년 4월 18일", "call")]
    [InlineData("한-EU 6G 공모 예산은?", "1,000만 유로 [1]", "call")]
    [InlineData("양자 연구 양해각서에 누가 서명했나요?", "Anna Berger", "memorandum")]
    [InlineData("양자 연구 양해각서는 어디에서 체결되었나요?", "서울", "memorandum")]
    public async Task A_korean_question_in_everyday_words_is_answered_from_an_english_line_in_korean(string question, string opening, string document)
    {
        var answer = await Engine.AskAsync(question);

        Assert.True(answer.Answered, $"{answer.Confidence}: {answer.Text}");
        Assert.Equal(document, answer.Citations[0].Document);
        Assert.Contains(opening, answer.Text.Split(": “")[0]);
    }

    [Fact]
    public async Task An_english_question_reaches_a_korean_document()
    {
        var answer = await Engine.AskAsync("Where was the fourth EU-Korea digital partnership council held?");

        Assert.True(answer.Answered, $"{answer.Confidence}: {answer.Text}");
        Assert.Equal("ko-council", answer.Citations[0].Document);
        Assert.Contains("부산", answer.Text.Split(": “")[0]);
    }

    [Theory]
    [InlineData("Who signed the EU-Korea digital trade agreement?")]
    [InlineData("누가 한-EU 디지털 통상협정에 서명했나요?")]
    public async Task Who_did_an_act_is_not_answered_by_a_person_named_for_something_else(string question)
    {
        var answer = await Engine.AskAsync(question);

        Assert.False(answer.Answered, answer.Text);
    }

    [Theory]
    [InlineData("오늘 서울 날씨 어때?")]
    [InlineData("EU-일본 디지털 파트너십 협의회는 어디서 열렸나요?")]
    [InlineData("일본과 EU의 협의회는 언제 개최되었나요?")]
    [InlineData("서울 맛집 추천해 주세요")]
    public async Task Off_topic_and_other_partner_korean_questions_are_refused(string question)
    {
        var answer = await Engine.AskAsync(question);

        Assert.False(answer.Answered, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.StartsWith(KoreanPhrases.NotFoundText, answer.Text);
    }
}
