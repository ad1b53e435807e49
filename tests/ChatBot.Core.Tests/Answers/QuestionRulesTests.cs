using ChatBot.Core.Answers;

namespace ChatBot.Core.Tests.Answers;

/// <summary>The rules that read a question and a line, each on small inputs written for the test.</summary>
public class QuestionRulesTests
{
    [Theory]
    [InlineData("Hi bot, when is the next council? Thanks!", "when is the next council?")]
    [InlineData("whats the budget", "what is the budget")]
    [InlineData("when's the forum", "when is the forum")]
    [InlineData("can you tell me who chaired it", "who chaired it")]
    [InlineData("I'm wondering whether the talks ended", "the talks ended")]
    [InlineData("where n when was it", "where and when was it")]
    [InlineData("how much r they putting into chip research", "how much are they putting into chip research")]
    [InlineData("what is the R&D budget", "what is the R&D budget")]
    public void Chat_forms_are_written_out_and_dropped(string message, string expected) =>
        Assert.Equal(expected, ChatForms.Normalize(message));

    [Fact]
    public void Typos_are_corrected_against_the_corpus_words_and_known_words_are_left_alone()
    {
        var vocabulary = new Vocabulary(["The semiconductor researchers met for the first time.", "Semiconductor policy"]);

        Assert.Equal("semiconductor", vocabulary.Correct("semicondutor"));
        Assert.Equal("first", vocabulary.Correct("frist"));
        Assert.Equal("researchers", vocabulary.Correct("reserchers"));
        Assert.Null(vocabulary.Correct("first"));
        Assert.Null(vocabulary.Correct("kimchi"));
        Assert.True(vocabulary.SeenLowercase("policy"));
        Assert.False(vocabulary.SeenLowercase("semiconductor") && !vocabulary.SeenLowercase("the"));
    }

    [Theory]
    [InlineData("협의회에서", "협의회")]
    [InlineData("수석대표는", "수석대표")]
    [InlineData("시작했고", "시작")]
    [InlineData("누구였어", "누구")]
    [InlineData("회의", "회의")]
    public void Korean_particles_and_endings_are_not_part_of_the_word(string word, string stem) =>
        Assert.Equal(stem, KoreanWords.Stem(word));

    [Fact]
    public void Korean_question_words_are_not_content_and_say_what_is_asked()
    {
        Assert.True(KoreanWords.IsQuestionWord(KoreanWords.Stem("누구였어")));
        Assert.Contains(QuestionKind.When, KoreanWords.KindsIn("언제 열렸어?"));
        Assert.Contains(QuestionKind.HowMuch, KoreanWords.KindsIn("예산은 얼마야?"));
    }

    private static readonly Partners Gazetteer = Partners.Parse("""
        EU: EU, European Union, European
        KR: Korea, Korean, ROK, 한국
        JP: Japan, Japanese, 일본
        US: United States, US
        DE < EU: Germany
        """);

    [Fact]
    public void Partners_are_found_in_english_and_korean_and_member_states_do_not_count()
    {
        Assert.Equal(["EU", "KR"], Gazetteer.In("the EU-Korea council").Order());
        Assert.Equal(["EU", "KR"], Gazetteer.In("한-EU 협정").Order());
        Assert.Equal(["JP"], Gazetteer.In("일본과 협력").Order());
        Assert.Empty(Gazetteer.In("tell us about Germany"));
    }

    [Theory]
    [InlineData("the KOREA-EU talks")]
    [InlineData("european partners and japanese firms")]
    [InlineData("\u212Aorea and the \u212Aelvin sign")]
    [InlineData("Koreans, but not Korea's neighbours")]
    [InlineData("nothing to see here")]
    public void Partners_are_found_as_their_patterns_alone_find_them(string text)
    {
        // The substring screen in front of the patterns must never hide a match.
        var byPattern = new HashSet<string>();
        foreach (var (id, name) in new[] { ("EU", "EU"), ("EU", "European Union"), ("EU", "European"), ("KR", "Korea"), ("KR", "Korean"), ("KR", "ROK"), ("JP", "Japan"), ("JP", "Japanese"), ("US", "United States"), ("US", "US") })
        {
            var options = name.Any(char.IsLower) ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : System.Text.RegularExpressions.RegexOptions.None;
            if (System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(name)}(?![\p{{L}}\p{{N}}])", options | System.Text.RegularExpressions.RegexOptions.CultureInvariant))
            {
                byPattern.Add(id);
            }
        }

        Assert.Equal(byPattern.Order(), Gazetteer.In(text).Order());
    }

    [Fact]
    public void A_line_about_another_partner_is_never_evidence_for_the_eu_korea_subject()
    {
        var none = new HashSet<string>();
        Assert.True(Partners.AboutOther(Gazetteer.In("Japan and the EU signed a memorandum"), Gazetteer.In("EU and Japan council"), none));
        Assert.True(Partners.AboutOther(Gazetteer.In("They signed it today."), Gazetteer.In("EU and Japan council"), none));
        Assert.True(Partners.AboutOther(Gazetteer.In("Korea and the United States will sign"), Gazetteer.In("Korea and US deal"), none));
        Assert.False(Partners.AboutOther(Gazetteer.In("Japan and Korea joined, as the EU said"), Gazetteer.In("EU-Korea news"), none));
        Assert.False(Partners.AboutOther(Gazetteer.In("They signed it today."), Gazetteer.In("EU and Korea council"), none));
    }

    [Theory]
    [InlineData("the third council", new[] { 3 })]
    [InlineData("제3차 협의회", new[] { 3 })]
    [InlineData("the 2nd forum and the first one", new[] { 1, 2 })]
    [InlineData("8차례 협상", new int[0])]
    [InlineData("on the 25th of the month, the first Asian country", new int[0])]
    [InlineData("THE SECOND DIALOGUE", new[] { 2 })]
    [InlineData("no series is named here", new int[0])]
    public void Ordinals_name_one_of_a_series(string text, int[] expected) =>
        Assert.Equal(expected, Ordinals.In(text).Order());

    [Fact]
    public void Dates_resolve_against_the_document_date()
    {
        var published = new DateOnly(2025, 3, 12);

        Assert.Equal(new DateOnly(2025, 3, 10), EventDates.EventDate("On Monday the Commission announced the deal.", published));
        Assert.Equal(new DateOnly(2025, 3, 12), EventDates.EventDate("The council met today.", published));
        Assert.Equal(new DateOnly(2024, 1, 1), EventDates.EventDate("The act passed last year.", published));
        Assert.Equal(new DateOnly(2025, 3, 26), EventDates.EventDate("It took place on March 26 in Brussels.", new DateOnly(2025, 3, 27)));
        Assert.Equal(new DateOnly(2025, 11, 28), EventDates.EventDate("11월 28일 서울에서 열렸다.", new DateOnly(2025, 11, 28)));
        Assert.Equal(new DateOnly(2023, 6, 30), EventDates.EventDate("On 30 June 2023 they met.", published));
    }

    [Fact]
    public void Cues_find_the_fact_asked_for_verbatim()
    {
        Assert.Equal(["€6 million each"], Cues.Amounts("The partners put €6 million each into the scheme.", null));
        Assert.Equal(["43 articles"], Cues.Amounts("| Structure | 43 articles in 6 chapters |", null).Take(1));
        Assert.Contains("at Le Berlaymont", Cues.Places("It took place at Le Berlaymont in Brussels."));
        Assert.Empty(Cues.People("Artificial Intelligence and High Performance Computing are covered.", w => w.ToLowerInvariant() is "artificial" or "intelligence" or "high" or "performance" or "computing"));
        Assert.True(Cues.IsNegative("Korea's Act has no prohibited practices."));
    }

    [Fact]
    public void A_hyphenated_given_name_is_kept_whole()
    {
        Assert.Equal(["Lee Chang-yoon"], Cues.People("The talks were led by Vice Minister Lee Chang-yoon of the ministry."));
        Assert.Equal(["Kim Min-Jung"], Cues.People("Kim Min-Jung chaired the session."));
        Assert.Contains("Jean-Claude Juncker", Cues.People("Jean-Claude Juncker opened it."));
    }

    [Fact]
    public void A_named_office_is_spelled_out_by_its_own_concepts()
    {
        Concept C(string label) => new(label, [[label]], 1);
        var concepts = new[] { C("korea"), C("minister"), C("artificial intelligence"), C("innovation") };

        Assert.Equal("artificial intelligence and digital innovation", Roles.OfficeIn("who is korea's minister for artificial intelligence and digital innovation?"));
        Assert.Equal([2, 3], Roles.OfficeConcepts("who is korea's minister for artificial intelligence and digital innovation?", concepts));
        Assert.Empty(Roles.OfficeConcepts("who chaired the council?", concepts));
        Assert.Null(Roles.OfficeIn("when did the minister sign it?"));
    }

    [Fact]
    public void The_asking_clause_carries_the_question_and_the_lead_up_weighs_less()
    {
        var (main, preamble) = QuestionProfiler.SplitClauses("my boss says the deal is in force — when did it enter into force?");

        Assert.Equal("when did it enter into force?", main);
        Assert.Equal("my boss says the deal is in force", preamble);
    }
}
