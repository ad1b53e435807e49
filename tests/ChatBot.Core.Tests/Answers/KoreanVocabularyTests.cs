using ChatBot.Core.Answers;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// The rules that let a Korean question reach English text and answer in Korean: particles and
/// verb endings off, question words and the nouns that ask ("장소", "마감일", "예산") read as the
/// kind of fact asked, ordinals and amounts the Korean way, places named in Korean, and the check
/// that every number of an opening stands in a quote even when written another way.
/// </summary>
public class KoreanVocabularyTests
{
    [Theory]
    [InlineData("개최되었나요", "개최")]
    [InlineData("서명했습니까", "서명")]
    [InlineData("출범했나요", "출범")]
    [InlineData("가입했나요", "가입")]
    [InlineData("발표되었나요", "발표")]
    [InlineData("투자하나요", "투자")]
    [InlineData("협의회에서", "협의회")]
    [InlineData("장관에게", "장관")]
    [InlineData("2024년까지", "2024년")]
    [InlineData("연구자들은", "연구자")]
    [InlineData("양해각서를", "양해각서")]
    [InlineData("정보통신분야", "정보통신분야")]
    [InlineData("전문가", "전문가")]
    [InlineData("회의", "회의")]
    public void Particles_and_verb_endings_come_off_and_nouns_that_end_like_them_stay(string word, string stem) =>
        Assert.Equal(stem, KoreanWords.Stem(word));

    [Theory]
    [InlineData("제2차 협의회 개최 장소는?", QuestionKind.Where)]
    [InlineData("6G 공모 마감일은?", QuestionKind.When)]
    [InlineData("서명식은 언제 열리나요?", QuestionKind.When)]
    [InlineData("누가 서명했나요?", QuestionKind.Who)]
    [InlineData("프로젝트는 몇 개인가요?", QuestionKind.HowMuch)]
    public void Korean_question_words_and_asking_nouns_give_the_kind_of_fact(string question, QuestionKind kind) =>
        Assert.Contains(kind, KoreanWords.KindsIn(question));

    [Fact]
    public void A_korean_count_is_told_from_a_korean_amount()
    {
        Assert.True(KoreanWords.AsksCount("프로젝트는 몇 개인가요?"));
        Assert.True(KoreanWords.AsksCount("협상은 몇 차례 열렸어?"));
        Assert.False(KoreanWords.AsksCount("점유율 목표는 몇 퍼센트인가요?"));
        Assert.False(KoreanWords.AsksCount("예산은 얼마야?"));
        Assert.True(KoreanWords.AsksAmount("호라이즌 유럽 예산은?"));
        Assert.True(KoreanWords.AsksWhat("무엇을 합의했나요?"));
    }

    [Theory]
    [InlineData("제1회 반도체 연구자 포럼", 1)]
    [InlineData("세 번째 협의회", 3)]
    [InlineData("두번째 포럼", 2)]
    [InlineData("첫 협의회는 어디서", 1)]
    [InlineData("제3차 협의회", 3)]
    public void Korean_ordinals_name_one_of_a_series(string text, int ordinal) =>
        Assert.Equal([ordinal], Ordinals.In(text));

    [Fact]
    public void Counts_and_meetings_are_not_read_as_ordinals()
    {
        Assert.Empty(Ordinals.In("8차례의 공식 협상"));
        Assert.Empty(Ordinals.In("1회의 회의"));
    }

    [Theory]
    [InlineData("€12 million", "1,200만 유로")]
    [InlineData("EUR 216 million", "2억 1,600만 유로")]
    [InlineData("€95.5 billion", "955억 유로")]
    [InlineData("$140 billion", "1,400억 달러")]
    [InlineData("€10,000,000", "1,000만 유로")]
    [InlineData("€6 million each", "각 600만 유로")]
    [InlineData("12 million euros", "1,200만 유로")]
    [InlineData("16.8 billion won", "168억 원")]
    [InlineData("$21,000", "2만 1,000 달러")]
    [InlineData("€1.2 trillion", "1조 2,000억 유로")]
    [InlineData("20%", "20%")]
    [InlineData("43 articles", "43 articles")]
    public void Amounts_are_written_in_man_eok_and_jo_units(string english, string korean) =>
        Assert.Equal(korean, KoreanNumbers.ToKorean(english));

    [Theory]
    [InlineData("1억 2천만", 120_000_000)]
    [InlineData("1,200만", 12_000_000)]
    [InlineData("2억 1,600만", 216_000_000)]
    [InlineData("955억", 95_500_000_000)]
    [InlineData("3천만", 30_000_000)]
    [InlineData("2만 1,000", 21_000)]
    public void Korean_amounts_are_read_to_their_value(string korean, long value) =>
        Assert.Equal(value, KoreanNumbers.ValueOf(korean));

    [Fact]
    public void A_korean_amount_in_text_is_found_with_its_currency()
    {
        var found = KoreanNumbers.KoreanAmounts("총 1억 2천만 유로 규모의 공동 연구").Single();

        Assert.Equal(120_000_000m, found.Amount.Value);
        Assert.Equal("유로", found.Amount.Currency);
    }

    [Fact]
    public void Places_take_their_korean_name_from_the_glossary_only_when_every_part_has_one()
    {
        var names = new KoreanNames(Synonyms.Parse("""
            Seoul, 서울
            Brussels, 브뤼셀
            Belgium, 벨기에
            semiconductor, 반도체
            """));

        Assert.Equal("서울", names.Place("in Seoul"));
        Assert.Equal("벨기에 브뤼셀", names.Place("in Brussels, Belgium"));
        Assert.Equal("Le Berlaymont", names.Place("at Le Berlaymont"));
        Assert.Equal("Le Berlaymont, Brussels", names.Place("at Le Berlaymont, Brussels"));
        Assert.True(names.Knows("in Brussels"));
        Assert.False(names.Knows("in Europe"));
    }

    [Theory]
    [InlineData("1,200만 유로 [1]", "The partners put €12 million into the scheme.", true)]
    [InlineData("2억 1,600만 유로 [1]", "The programme is worth EUR 216 million.", true)]
    [InlineData("각 600만 유로 [1]", "The partners put €6 million each into it.", true)]
    [InlineData("1,300만 유로 [1]", "The partners put €12 million into the scheme.", false)]
    [InlineData("2023년 6월 30일에 서울에서 열렸습니다 [1]", "On 30 June 2023 the council met in Seoul.", true)]
    [InlineData("2023년 7월 30일에 서울에서 열렸습니다 [1]", "On 30 June 2023 the council met in Seoul.", false)]
    [InlineData("2024년 3월 25~26일 [1]", "The forum runs 25 - 26 Mar 2024.", true)]
    [InlineData("43 articles [1]", "| Structure | 43 articles in 6 chapters |", true)]
    [InlineData("44 articles [1]", "| Structure | 43 articles in 6 chapters |", false)]
    public void Every_number_of_an_opening_must_stand_in_a_quote_as_written_or_as_the_same_amount_or_date(string opening, string quote, bool stands) =>
        Assert.Equal(stands, OpeningNumbers.StandInQuotes(opening, [(quote, new DateOnly(2023, 6, 30))]));

    [Fact]
    public void A_date_resolved_from_on_monday_stands_in_its_source_date()
    {
        Assert.True(OpeningNumbers.StandInQuotes("2025년 3월 10일 [1]", [("On Monday the Commission announced the deal.", new DateOnly(2025, 3, 10))]));
        Assert.False(OpeningNumbers.StandInQuotes("2025년 3월 11일 [1]", [("On Monday the Commission announced the deal.", new DateOnly(2025, 3, 10))]));
    }
}
