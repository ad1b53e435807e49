using ChatBot.Core.Answers;

namespace ChatBot.Core.Tests.Answers;

/// <summary>Scoring counts words without splitting the line, and stops counting once it knows enough.</summary>
public class WordCountTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Budget")]
    [InlineData("Call ID")]
    [InlineData("  two   spaced  words here ")]
    [InlineData("The EU and Korea held the first Digital Partnership Council in Seoul on 30 June 2022.")]
    [InlineData("| Budget | €10,000,000 |")]
    public void Counts_as_a_split_on_spaces_does_and_stops_at_the_limit(string text)
    {
        var split = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

        Assert.Equal(split, EvidenceScorer.WordCount(text));
        foreach (var limit in new[] { 0, 1, 2, 3, 5, 40 })
        {
            Assert.Equal(Math.Min(limit, split), EvidenceScorer.WordCount(text, limit));
        }
    }
}
