using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>"Is it so now?" asks yes or no: the latest report answers it, and the reply says yes or no, not when.</summary>
public sealed class YesNoNowTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2024-03-25-korea-research-programme.md", """
            ---
            title: "Korea joins the EU research programme"
            date: 2024-03-25
            ---
            Korea is now part of the EU research programme as an associated country, the Commission said on 25 March 2024.
            """);
    }

    [Fact]
    public async Task A_yes_no_question_about_now_opens_with_yes()
    {
        var answer = await Engine.AskAsync("is korea part of the eu research programme now?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Yes [1]", answer.Text);
    }
}
