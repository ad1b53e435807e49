using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// Rules from the fourth held-out set: a starred phrase is quoted with its note; a workshop, a
/// field or an acronym after "in" is no place; a lower-case "uk" in a question names the UK; a
/// body named "X and Y council" is not answered by a line about another council; a choice
/// question ("in person or online?") needs a line that states a choice as a word of its own.
/// </summary>
public sealed class FootnotesPlacesAndNamedBodiesTests() : WrittenCorpusTests(new DateTimeOffset(2025, 9, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2025-06-30-first-research-council.md", """
            ---
            title: "The First Korea-EU Research Council Hosted"
            date: 2025-06-30
            ---
            The First Korea-EU Research Council Hosted

            The ministry said the First Korea-EU Research Council took place on Monday, June 30, in the Grand Hall of the Seoul Science Centre.

            The two sides reviewed progress in two fields — 1) Chips and 2) Networks — which they had chosen among the five areas of work* when the Korea-EU Research Accord was signed.

            * ▲Joint Research, ▲Chips, ▲Networks, ▲Skills, ▲Data

            The Korea-EU Research Council meeting on 26 March 2026 in Brussels will review the chip projects.

            The two ministers signed the Research Accord on 28 November 2024, with the two sides pooling 8 million euros for chip research.
            """);
        corpus.Write("2026-03-15-council-preview.md", """
            ---
            title: "Korea and Europe to deepen chip cooperation"
            date: 2026-03-15
            ---
            Korea and Europe to deepen chip cooperation

            By Anna Writer

            Share this article

            Korea and Europe will announce a joint forum at the EU-Korea Digital Partnership Council meeting in Brussels on 26 March.

            The forum will link researchers of both sides.

            Chips are in high demand.

            Trade in chips keeps growing, and technology cooperation is deepening.
            """);
        for (var n = 1; n <= 4; n++)
        {
            // Trade and technology are everyday words of the corpus; councils are not.
            corpus.Write($"2025-0{n}-10-trade-note-{n}.md", $"""
                ---
                title: "Trade note {n}"
                date: 2025-0{n}-10
                ---
                Technology trade between Korea and Europe grew again in month {n}, with chip trade and technology services leading.
                """);
        }
        corpus.Write("2025-07-02-data-accord-review.md", """
            ---
            title: "Data accord review"
            date: 2025-07-02
            ---
            The two sides reviewed two areas — 1) Chips and 2) Online & Digital Platform Cooperation — chosen when the Korea-EU Data Accord was signed.
            """);
        corpus.Write("2025-07-01-quantum-centre.md", """
            ---
            title: "한-유럽 양자센터 문 열어"
            date: 2025-07-01
            lang: ko
            ---
            한-유럽 양자센터 문 열어

            과학기술정보통신부는 18일 벨기에 브뤼셀에서 한-유럽 양자센터 개소식을 열었다고 밝혔다.

            개소식 뒤 열린 전문가 워크숍에서는 연구책임자들이 모여 양자센터 협력 방안을 논의했다.
            """);
    }

    [Fact]
    public async Task A_starred_phrase_is_quoted_with_the_note_that_lists_what_it_counts()
    {
        var answer = await Engine.AskAsync("what are the five areas of work of the research accord?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("five areas of work*", answer.Citations[0].Quote);
        Assert.Contains(answer.Citations, c => c.Quote.StartsWith("▲Joint Research", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("개소식 뒤 열린 전문가 워크숍에서는 연구책임자들이 모여 협력 방안을 논의했다.")]
    [InlineData("HPC 및 양자기술 협동연구와 국제 표준화에서 협력하기로 합의했다.")]
    [InlineData("In HPC and Quantum Technologies, the two sides plan to open their infrastructure.")]
    public void An_occasion_a_field_or_an_acronym_after_in_is_no_place(string line) =>
        Assert.Empty(Cues.Places(line));

    [Theory]
    [InlineData("과학기술정보통신부는 18일 벨기에 브뤼셀에서 개소식을 열었다.", "벨기에 브뤼셀")]
    [InlineData("The summit was held in the UK last year.", "in the UK")]
    public void Places_are_still_places(string line, string place) =>
        Assert.Equal(place, Cues.Places(line)[0]);

    [Fact]
    public async Task A_where_question_is_answered_with_the_place_not_the_workshop_held_after()
    {
        var answer = await Engine.AskAsync("양자센터는 어디에 있어?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("벨기에 브뤼셀", answer.Text);
    }

    [Fact]
    public void A_partner_acronym_typed_in_lower_case_names_that_partner_in_a_question()
    {
        var partners = Partners.Parse("EU: EU, European Union\nKR: Korea\nGB: United Kingdom, UK\nUS: United States, US\n");

        Assert.Equal(["GB", "KR"], partners.InQuestion("how much is the uk-korea fund?").Order());
        Assert.Equal(["KR"], partners.InQuestion("when is the next eu-korea council?").Order());
        Assert.Equal(["KR"], partners.InQuestion("can you tell us about korea?").Order());
        Assert.DoesNotContain("GB", partners.In("how much is the uk-korea fund?"));
    }

    [Fact]
    public async Task A_council_named_x_and_y_is_not_answered_by_another_council()
    {
        var other = await Engine.AskAsync("when is the eu-korea trade and technology council meeting?");
        var named = await Engine.AskAsync("when is the eu-korea digital partnership council meeting?");

        Assert.False(other.Answered, other.Text);
        Assert.True(named.Answered, named.Text);
        Assert.Contains("26 March", named.Citations[0].Quote);
    }

    [Fact]
    public async Task A_choice_question_is_not_answered_by_a_line_that_names_a_choice_only_inside_a_name()
    {
        var answer = await Engine.AskAsync("was the data accord signing done in person or online?");

        Assert.False(answer.Answered, answer.Text);
    }
}
