using ChatBot.Core.Answers;

namespace ChatBot.Core.Tests.Answers;

/// <summary>The facts openings take from a line — places, people, counts — and the act a "who did it" question asks about, on small lines written for the test.</summary>
public class CueRulesTests
{
    [Theory]
    [InlineData("Korea takes part in Union programmes from 2025.")]
    [InlineData("Researchers join in Horizon Europe projects as equals.")]
    [InlineData("Wishing for Greater Korean Participation in Europe's Economy")]
    [InlineData("Korean companies should increase their investment in Europe.")]
    [InlineData("The programme is open to researchers in Korea.")]
    public void Capitalised_words_before_a_common_noun_or_a_possessive_are_not_a_place(string line) =>
        Assert.Empty(Cues.Places(line));

    [Theory]
    [InlineData("The council met in Seoul on 30 June 2023.", "in Seoul")]
    [InlineData("It was signed in Brussels, at the headquarters of the Commission.", "in Brussels")]
    [InlineData("The forum opened at the Jeju International Convention Center (ICC).", "at the Jeju International Convention Center (ICC)")]
    [InlineData("The agreement was signed in Brussels.", "in Brussels")]
    public void A_place_is_still_a_place_before_a_preposition_or_the_end(string line, string place) =>
        Assert.Equal(place, Cues.Places(line)[0]);

    [Fact]
    public void Names_with_accented_letters_are_people()
    {
        var people = Cues.People("EU Commissioner for Trade Maroš Šefčovič and Korea's Trade Minister Yeo Han-koo signed the agreement.");

        Assert.Contains("Maroš Šefčovič", people);
        Assert.Contains("Yeo Han-koo", people);
    }

    [Fact]
    public void A_korean_title_after_a_body_or_country_is_not_a_person()
    {
        Assert.Empty(Cues.People("유럽연합 집행위원회와 양국 부총리가 참석했다."));
        Assert.Equal(["배경훈 부총리"], Cues.People("배경훈 부총리가 수석대표를 맡았다."));
    }

    [Theory]
    [InlineData("Four jointly funded projects were announced.", "Four jointly funded projects")]
    [InlineData("The four joint semiconductor R&D projects have a total value of 12 million euros.", "four joint semiconductor R&D projects")]
    [InlineData("The consortia bring together 14 institutes from nine countries.", "14 institutes")]
    public void A_count_runs_from_its_number_to_its_plural_noun(string line, string count) =>
        Assert.Equal(count, Cues.Counts(line, null)[0]);

    [Fact]
    public void Money_is_not_a_count()
    {
        Assert.Empty(Cues.Counts("The partners put €6 million each into the scheme.", null));
        Assert.Empty(Cues.Counts("It is worth 12 million euros.", null));
    }

    [Theory]
    [InlineData("who signed the eu-korea digital trade agreement?", "signed")]
    [InlineData("누가 서명했나요?", "서명")]
    [InlineData("디지털통상협정에 서명한 사람은 누구인가요?", "서명")]
    public void A_who_did_it_question_names_its_act_when_the_act_is_a_group(string question, string label)
    {
        Concept[] concepts =
        [
            new("signed", [["sign"], ["signatur"]], 2) { HangulForms = ["서명"] },
            new("서명", [["sign"], ["signatur"]], 2) { HangulForms = ["서명", "서명"] },
            new("agreement", [["agreement"]], 1),
        ];

        var acts = Roles.ActConcepts(question, concepts);

        Assert.Equal([label], acts.Select(k => concepts[k].Label));
    }

    [Fact]
    public void A_who_is_question_or_an_act_without_a_group_asks_no_act()
    {
        Concept[] concepts = [new("gave", [["gave"]], 2), new("speech", [["speech"], ["remark"]], 2)];

        Assert.Empty(Roles.ActConcepts("who gave the welcome speech?", concepts));
        Assert.Empty(Roles.ActConcepts("who is the minister?", concepts));
    }

    [Theory]
    [InlineData("It meets every year: after the Seoul meeting, the second took place in Brussels.", "every year")]
    [InlineData("The forum is held annually.", "annually")]
    [InlineData("2023년 이래 해마다 열려 왔다.", "해마다")]
    [InlineData("The council met in Seoul on 30 June 2023.", null)]
    public void A_frequency_is_read_as_the_line_writes_it(string line, string? expected) =>
        Assert.Equal(expected, Cues.FrequencyIn(line));
}
