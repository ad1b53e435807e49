using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A fixture with an EU–Korea release and an EU–Japan one that match the same questions almost
/// word for word: the subject and the office asked for decide, not the number of shared words.
/// </summary>
public sealed class SubjectAndOfficeTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2024-03-26-eu-korea-council.md", """
            ---
            title: "EU and Korea hold their second Digital Partnership Council"
            date: 2024-03-26
            ---
            The second EU-Korea Digital Partnership Council took place in Brussels on 26 March 2024.

            It was co-chaired by Minister of Science and ICT Lee Jong-ho and by Commissioner Thierry Breton.
            """);
        corpus.Write("2024-04-30-eu-japan-council.md", """
            ---
            title: "EU and Japan hold their second Digital Partnership Council"
            date: 2024-04-30
            ---
            The second EU-Japan Digital Partnership Council took place in Tokyo on 30 April 2024.

            The EU and Japan signed a memorandum on submarine cables at the council.
            """);
    }

    [Fact]
    public async Task A_question_about_another_partnership_is_refused()
    {
        var answer = await Engine.AskAsync("where did the EU and Japan hold their second digital partnership council?");

        Assert.False(answer.Answered);
    }

    [Fact]
    public async Task A_fact_only_another_partner_has_is_not_lent_to_korea()
    {
        var answer = await Engine.AskAsync("what memorandum did the EU and Korea sign on submarine cables?");

        Assert.False(answer.Answered);
    }

    [Fact]
    public async Task The_korea_question_is_answered_from_the_korea_release()
    {
        var answer = await Engine.AskAsync("where was the second EU-Korea digital partnership council held?");

        Assert.True(answer.Answered);
        Assert.All(answer.Citations, c => Assert.Equal("2024-03-26-eu-korea-council", c.Document));
        Assert.Contains("Brussels", answer.Text);
    }

    [Fact]
    public async Task The_holder_of_a_named_office_is_answered_only_when_a_line_names_that_office()
    {
        var named = await Engine.AskAsync("who is korea's minister of science and ICT?");
        var unnamed = await Engine.AskAsync("who is korea's minister for artificial intelligence and digital innovation?");

        Assert.True(named.Answered);
        Assert.Contains("Lee Jong-ho", named.Text);
        Assert.False(unnamed.Answered);
    }
}
