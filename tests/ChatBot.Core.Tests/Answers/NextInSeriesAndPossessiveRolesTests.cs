using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// Rules from the fifth held-out set: "the next council" on a page that names only the first one
/// is the second, not whichever one a question asks about; "who is korea's ambassador …" asks for
/// the holder of a role as "who is the ambassador …" does, so a line naming only a minister (or
/// an ambassador it does not call one) does not answer it.
/// </summary>
public sealed class NextInSeriesAndPossessiveRolesTests() : WrittenCorpusTests(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2025-06-30-first-research-council.md", """
            ---
            title: "Korea and Europe deepen research ties"
            date: 2025-06-30
            ---
            Korea and Europe deepen research ties

            Korea and the EU met for their first Research Council in Seoul on 30 June 2025.

            The next Research Council is scheduled to take place in Brussels early in 2026.
            """);
        corpus.Write("2025-07-01-accord-signed.md", """
            ---
            title: "한-EU 연구 협정 서명"
            date: 2025-07-01
            lang: ko
            ---
            한-EU 연구 협정 서명

            [사진] 과학기술정보통신부 김철수 장관이 협정에 서명했다. 사진 오른쪽은 안나 슈미트 주한 EU 대사.
            """);
    }

    [Theory]
    [InlineData("The next Research Council is scheduled in Brussels.", 2)]
    [InlineData("The next council will review the projects.", 2)]
    public void The_next_one_is_the_one_after_the_highest_the_page_names(string line, int expected) =>
        Assert.Equal(expected, Ordinals.ImpliedByNext(line, ["They met for their first Research Council in Seoul.", "The first council was a success.", line]));

    [Fact]
    public void The_next_one_is_unknown_when_the_page_names_no_ordinal_of_that_series()
    {
        Assert.Null(Ordinals.ImpliedByNext("The next Research Council is in Brussels.", ["The third summit was in Rome.", "The next Research Council is in Brussels."]));
        Assert.Null(Ordinals.ImpliedByNext("The council will meet in Brussels.", ["The first council met in Seoul."]));
    }

    [Fact]
    public async Task A_question_about_a_later_one_is_not_answered_by_the_next_after_the_first()
    {
        var fourth = await Engine.AskAsync("when is the 4th research council?");
        var second = await Engine.AskAsync("when is the second research council?");

        Assert.False(fourth.Answered, fourth.Text);
        Assert.True(second.Answered, second.Text);
        Assert.Contains("early in 2026", second.Citations[0].Quote);
    }

    [Theory]
    [InlineData("who is korea's ambassador to the eu?", "ambassador")]
    [InlineData("who was korea's chief negotiator?", "chief negotiator")]
    [InlineData("who is the ambassador to the eu?", "ambassador")]
    [InlineData("who is the eu's ambassador to korea?", "ambassador")]
    [InlineData("who is the eu’s chief negotiator?", "chief negotiator")]
    public void A_possessive_names_whose_role_it_is_as_the_does(string question, string role) =>
        Assert.Equal(role, Roles.AskedRole(question));

    [Fact]
    public async Task A_possessive_role_question_is_not_answered_by_a_minister_in_a_caption()
    {
        var answer = await Engine.AskAsync("who is korea's ambassador to the eu?");

        Assert.False(answer.Answered, answer.Text);
    }
}
