using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A Korean question gets its opening in Korean, built from templates over the facts of the cited
/// line (over an English and over a Korean document); quotes stay verbatim in their own language,
/// and refusals of Korean questions are Korean.
/// </summary>
public sealed class KoreanOpeningTests() : WrittenCorpusTests(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("en-council.md", """
            ---
            title: "EU and Korea hold their first Digital Partnership Council"
            date: 2023-06-30
            ---
            The first Digital Partnership Council was held in Seoul on 30 June 2023.

            The partners agreed to fund joint semiconductor research with €12 million.
            """);
        corpus.Write("ko-council.md", """
            ---
            title: "제3차 한-EU 디지털 파트너십 협의회 개최"
            date: 2025-11-28
            lang: ko
            ---
            제3차 한-EU 디지털 파트너십 협의회가 11월 28일 서울중앙우체국에서 열렸다.
            """);
    }

    [Fact]
    public async Task A_korean_question_over_an_english_document_opens_in_korean_and_quotes_the_english_line()
    {
        var answer = await Engine.AskAsync("제1차 디지털 파트너십 협의회는 언제 어디서 열렸어?");

        Assert.True(answer.Answered, answer.Text);
        // The place has a Korean name in the glossary; the quote stays English.
        Assert.StartsWith("2023년 6월 30일에 서울에서 열렸습니다 [1]: ", answer.Text);
        Assert.Equal("The first Digital Partnership Council was held in Seoul on 30 June 2023.", answer.Citations[0].Quote);
        Assert.Contains("[1] 2023년 6월 30일 자료, 2년 이상 지남", answer.Text);
    }

    [Fact]
    public async Task A_korean_question_over_a_korean_document_opens_with_the_korean_date_as_written()
    {
        var answer = await Engine.AskAsync("제3차 협의회는 언제 열렸어?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("11월 28일에 열렸습니다 [1]: ", answer.Text);
        Assert.Equal("ko-council", answer.Citations[0].Document);
    }

    [Fact]
    public async Task A_korean_next_question_with_nothing_announced_says_so_in_korean_and_names_the_most_recent()
    {
        var answer = await Engine.AskAsync("다음 디지털 파트너십 협의회는 언제야?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("다음 디지털 파트너십 협의회 일정은 문서에 나와 있지 않습니다. 가장 최근인 제3차 디지털 파트너십 협의회는 11월 28일에 서울중앙우체국에서 열렸습니다 [1]: ", answer.Text);
        Assert.Equal("ko-council", answer.Citations[0].Document);
    }

    [Fact]
    public async Task An_amount_is_written_the_korean_way_and_the_quote_keeps_it_as_the_line_writes_it()
    {
        var answer = await Engine.AskAsync("반도체 공동 연구 예산은 얼마야?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("1,200만 유로 [1]: ", answer.Text);
        Assert.Contains("€12 million", answer.Citations[0].Quote);
    }

    [Fact]
    public async Task A_korean_question_is_refused_in_korean_and_an_english_one_in_english()
    {
        var korean = await Engine.AskAsync("서울 맛집 추천해줘");
        var english = await Engine.AskAsync("Any good restaurants in Seoul?");

        Assert.False(korean.Answered);
        Assert.StartsWith(KoreanPhrases.NotFoundText, korean.Text);
        Assert.Contains("답할 수 있는 주제:", korean.Text);
        Assert.False(english.Answered);
        Assert.StartsWith(AnswerEngine.NotFoundText, english.Text);
    }

    [Theory]
    [InlineData("28 November 2025", 2025, 11, 28, DatePrecision.Day, "2025년 11월 28일")]
    [InlineData("March 26", 2024, 3, 26, DatePrecision.Day, "3월 26일")]
    [InlineData("25 - 26 Mar 2024", 2024, 3, 25, DatePrecision.Day, "2024년 3월 25~26일")]
    [InlineData("on Monday", 2025, 3, 10, DatePrecision.Day, "2025년 3월 10일")]
    [InlineData("March 2024", 2024, 3, 1, DatePrecision.Month, "2024년 3월")]
    [InlineData("early 2024", 2024, 1, 1, DatePrecision.Year, "2024년 초")]
    [InlineData("11월 28일", 2025, 11, 28, DatePrecision.Day, "11월 28일")]
    public void Dates_are_written_the_korean_way_without_adding_what_the_line_does_not_say(string text, int y, int m, int d, DatePrecision precision, string expected) =>
        Assert.Equal(expected, KoreanPhrases.Date(new DateSpan(text, 0, new DateOnly(y, m, d), precision)));

    [Theory]
    [InlineData("The council was held in Seoul.", false, "열렸습니다")]
    [InlineData("The next council is planned to be held in Brussels.", true, "열릴 예정입니다")]
    [InlineData("The agreement was signed on Monday.", false, "서명되었습니다")]
    [InlineData("협정에 서명했다.", false, "서명되었습니다")]
    [InlineData("The partners discussed chips.", false, null)]
    public void An_event_line_gives_its_korean_predicate(string line, bool planned, string? expected) =>
        Assert.Equal(expected, KoreanPhrases.Predicate(line, planned));

    [Theory]
    [InlineData("협의회", "는", "로")]
    [InlineData("2025년 11월 28일", "은", "로")]
    [InlineData("2024년", "은", "으로")]
    [InlineData("Seoul", "은", "으로")]
    public void Particles_follow_the_last_syllable(string word, string topic, string toward)
    {
        Assert.Equal(topic, KoreanPhrases.Topic(word));
        Assert.Equal(toward, KoreanPhrases.Toward(word));
    }

    [Fact]
    public void Places_lose_their_english_preposition() =>
        Assert.Equal(["Seoul", "Le Berlaymont", "서울중앙우체국"], new[] { "in Seoul", "at Le Berlaymont", "서울중앙우체국" }.Select(KoreanPhrases.Place));
}
