using System.Text.RegularExpressions;
using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>Answers over a small fixture corpus written by the test (a plan in 2023, its outcome reported in 2025).</summary>
public partial class AnswerEngineTests() : WrittenCorpusTests(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2023-06-30-first-council.md", """
            ---
            title: "First council between the EU and Korea held in Seoul"
            date: 2023-06-30
            source: https://example.org/first-council
            ---
            The European Union and the Republic of Korea held the first Digital Partnership council in Seoul. The council was co-chaired by Commissioner Thierry Breton and by Minister Lee Jong-Ho.

            In the area of High Performance Computing (HPC), both partners agreed to develop applications for extreme weather events.

            The next Digital Partnership Council is planned for early 2024, in Brussels, to review progress.

            Print Friendly, PDF & Email

            More Updates

            The next council of another organisation is planned for 2027 in Lisbon.
            """);
        corpus.Write("2025-08-12-analysis.md", """
            ---
            title: "Digital Partnership: Present and Future"
            date: 2025-08-12
            author: Jane Analyst
            ---
            Digital Partnership: Present and Future
            By Jane Analyst

            The second Council meeting took place in March 2024 and added secure network connectivity. Both sides have begun exploring post-quantum cryptography to protect data.

            Four joint semiconductor projects are valued at 12 million euros. Semiconductors are a linchpin of the partnership.

            Several challenges could impede the partnership. Its non-binding nature means progress hinges on sustained political will.

            Related Articles
            """);
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();

    private void AssertWellFormed(Answer answer)
    {
        Assert.True(answer.Answered);
        Assert.NotEmpty(answer.Citations);
        var markers = Marker().Matches(answer.Text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), markers.Distinct());
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), answer.Citations.Select(c => c.N));
        foreach (var citation in answer.Citations)
        {
            var raw = File.ReadAllText(Path.Combine(Corpus.Path, citation.Document + ".md"));
            Assert.Contains(citation.Quote, string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            Assert.Contains(citation.Quote, answer.Text);
        }
        Assert.InRange(answer.Confidence, 0.0, 1.0);
    }

    [Fact]
    public async Task States_the_fact_in_one_to_three_cited_sentences()
    {
        var answer = await Engine.AskAsync("Who co-chaired the first Digital Partnership Council?");

        AssertWellFormed(answer);
        Assert.InRange(answer.Citations.Count, 1, 3);
        Assert.Contains("Breton", answer.Text);
        Assert.Contains("Lee Jong-Ho", answer.Text);
        var citation = answer.Citations[0];
        Assert.Equal("2023-06-30-first-council", citation.Document);
        Assert.Equal("First council between the EU and Korea held in Seoul", citation.Title);
        Assert.Equal(new DateOnly(2023, 6, 30), citation.Date);
        Assert.Equal("https://example.org/first-council", citation.Url);
        Assert.Equal(2, answer.DocumentsSearched);
    }

    [Theory]
    [InlineData("What is planned for high performance computing?", "extreme weather")] // expansion finds the acronym
    [InlineData("Where was the first Digital Partnership Council held?", "Seoul")] // where → the sentence with the place
    [InlineData("Who wrote the analysis of the partnership's present and future?", "Jane Analyst")] // author → byline
    [InlineData("How much money goes to chips?", "12 million euros")] // how much → the amount
    [InlineData("What happened in March 2024?", "second Council")] // "happened" asks, it is not evidence to find
    public async Task The_first_citation_has_the_kind_of_fact_asked_for(string question, string expected)
    {
        var answer = await Engine.AskAsync(question);

        AssertWellFormed(answer);
        Assert.Contains(expected, answer.Citations[0].Quote);
    }

    [Fact]
    public async Task A_lead_in_sentence_is_quoted_with_the_sentence_that_states_the_fact()
    {
        var answer = await Engine.AskAsync("What challenges could hold the partnership back?");

        AssertWellFormed(answer);
        Assert.Contains("Several challenges could impede the partnership. Its non-binding nature means progress hinges on sustained political will.", answer.Citations.Select(c => c.Quote));
    }

    [Theory]
    [InlineData("What is the capital of Australia?")]
    [InlineData("Who won the last Champions League final?")]
    [InlineData("What is the recipe for kimchi?")]
    [InlineData("")]
    [InlineData("?")]
    public async Task Declines_when_the_evidence_is_too_weak(string question)
    {
        var answer = await Engine.AskAsync(question);

        Assert.False(answer.Answered);
        Assert.Empty(answer.Citations);
        Assert.StartsWith("I couldn't find that in the partnership documents", answer.Text);
        Assert.NotEmpty(answer.SuggestedTopics);
        Assert.DoesNotContain("[1]", answer.Text);
    }

    [Fact]
    public async Task Next_event_question_with_nothing_announced_says_so_and_gives_the_most_recent_event_then_the_old_plan()
    {
        var answer = await Engine.AskAsync("When is the next council?");

        AssertWellFormed(answer);
        Assert.Equal(["2025-08-12-analysis", "2023-06-30-first-council"], answer.Citations.Select(c => c.Document));
        Assert.StartsWith("No date for the next council appears in the documents; the most recent, the second, was held in March 2024 [1]", answer.Text);
        Assert.Contains("took place in March 2024", answer.Citations[0].Quote);
        Assert.Contains("early 2024, in Brussels", answer.Citations[1].Quote);
        Assert.Contains("Earlier, it had been planned", answer.Text);
        Assert.EndsWith("([1] source dated 12 August 2025, over five months old; [2] source dated 30 June 2023, over two years old)", answer.Text);
        Assert.DoesNotContain("Lisbon", answer.Text);
    }

    [Fact]
    public async Task A_follow_up_question_uses_the_previous_question_as_context()
    {
        var answer = await Engine.AskAsync("Who chaired it?", previous: "Tell me about the first Digital Partnership Council");

        AssertWellFormed(answer);
        Assert.Contains("Breton", answer.Text);
    }

    [Fact]
    public async Task Korean_questions_match_korean_text_through_bigrams()
    {
        Corpus.Write("ko/quantum-centre.md", "---\ntitle: 한-유럽 양자과학기술협력센터\ndate: 2024-02-01\nlang: ko\n---\n한-EU연구협력센터 웹사이트 내에 양자과학기술협력센터 페이지가 새롭게 개설되었습니다.\n");
        await Engine.RefreshAsync();

        var answer = await Engine.AskAsync("협력센터 페이지 개설");

        AssertWellFormed(answer);
        Assert.Equal("ko/quantum-centre", answer.Citations[0].Document);
    }

    [Fact]
    public async Task Answers_wait_until_the_knowledge_base_is_ready()
    {
        using var engine = new Engine(Corpus.Path, Path.Combine(Data.Path, "other"));

        var pending = engine.AskAsync("What are they doing about post-quantum cryptography?");
        Assert.False(pending.IsCompleted);
        await engine.RefreshAsync();
        var answer = await pending;

        Assert.True(answer.Answered);
        Assert.Contains("post-quantum", answer.Text);
    }
}
