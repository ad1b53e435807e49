using ChatBot.Core.Answers;

namespace ChatBot.Core.Tests.Answers;

public class SourceAgeTests
{
    [Theory]
    [InlineData("2023-06-30", "2026-01-15", "over two years old")]
    [InlineData("2025-08-12", "2026-01-15", "over five months old")]
    [InlineData("2025-01-01", "2026-03-01", "over a year old")]
    [InlineData("2026-01-10", "2026-01-15", "less than a month old")]
    [InlineData("2024-01-15", "2026-01-15", "two years old")]
    [InlineData("2026-02-01", "2026-01-15", "dated in the future")]
    public void Describes_the_age_of_a_source(string date, string today, string expected)
    {
        Assert.Equal(expected, SourceAge.Describe(DateOnly.Parse(date), DateOnly.Parse(today)));
    }

    [Fact]
    public void Note_names_the_date_and_the_age()
    {
        Assert.Equal("source dated 30 June 2023, over two years old", SourceAge.Note(new DateOnly(2023, 6, 30), new DateOnly(2026, 1, 15)));
    }
}
