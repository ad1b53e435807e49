using ChatBot.Core.Answers;

namespace ChatBot.Core.Tests.Answers;

/// <summary>The line's term lookup must say exactly what a scan with <see cref="SentenceScorer.SameStem"/> says.</summary>
public class AnalyzedLineTests
{
    private static readonly string[] LineTerms = ["ad", "council", "xxxx", "summitt", "a1", "s", "ss", "g7", "plann", "시장"];

    [Theory]
    [InlineData("ad")]
    [InlineData("add")] // the line's "ad" doubled
    [InlineData("a")] // too short to undouble
    [InlineData("council")]
    [InlineData("councill")]
    [InlineData("counci")]
    [InlineData("xxx")] // "xxxx" undoubled
    [InlineData("xxxxx")] // "xxxx" doubled
    [InlineData("xx")]
    [InlineData("summit")]
    [InlineData("summittt")]
    [InlineData("a11")] // a digit is never doubled
    [InlineData("sss")]
    [InlineData("s")]
    [InlineData("g77")]
    [InlineData("plan")]
    [InlineData("시장장")]
    [InlineData("")]
    public void HasStem_agrees_with_a_scan_of_the_terms(string term)
    {
        var line = new AnalyzedLine("text", LineTerms, new HashSet<string>(), new HashSet<int>());

        var scanned = LineTerms.Any(t => SentenceScorer.SameStem(t, term));

        Assert.Equal(scanned, line.HasStem(term));
    }

    [Theory]
    [InlineData("ad")]
    [InlineData("add")]
    [InlineData("a")]
    [InlineData("councill")]
    [InlineData("counci")]
    [InlineData("xxx")]
    [InlineData("xxxxx")]
    [InlineData("xx")]
    [InlineData("summittt")]
    [InlineData("a11")]
    [InlineData("sss")]
    [InlineData("g77")]
    [InlineData("plan")]
    [InlineData("시장장")]
    [InlineData("")]
    public void HasStem_on_a_long_line_agrees_with_a_short_one(string term)
    {
        // Past the scanned length a line builds a set: both ways must say the same.
        var filler = Enumerable.Range(0, AnalyzedLine.ScannedTerms).Select(i => "zq" + i).ToArray();
        var shortLine = new AnalyzedLine("text", LineTerms, new HashSet<string>(), new HashSet<int>());
        var longLine = new AnalyzedLine("text", [.. filler, .. LineTerms], new HashSet<string>(), new HashSet<int>());

        Assert.True(longLine.Terms.Count > AnalyzedLine.ScannedTerms);
        Assert.Equal(LineTerms.Any(t => SentenceScorer.SameStem(t, term)), longLine.HasStem(term));
        Assert.Equal(shortLine.HasStem(term), longLine.HasStem(term));
    }

    [Fact]
    public void HasStem_agrees_with_a_scan_for_many_random_lines_and_terms()
    {
        // Short words over a small alphabet double and undouble often and fill the line's stem
        // filter with colliding bits: the filter may only let through, never turn away, a term
        // the scan finds.
        var random = new Random(20261128);
        string Word() => new([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => "abcs1시"[random.Next(6)])]);
        var checkedTerms = 0;
        var found = 0;
        for (var l = 0; l < 300; l++)
        {
            var terms = Enumerable.Range(0, random.Next(0, 60)).Select(_ => Word()).ToArray();
            var line = new AnalyzedLine("text", terms, new HashSet<string>(), new HashSet<int>());
            for (var q = 0; q < 60; q++)
            {
                var term = random.Next(4) == 0 && terms.Length > 0 ? terms[random.Next(terms.Length)] + "s" : Word();
                var scanned = terms.Any(t => SentenceScorer.SameStem(t, term));
                Assert.Equal(scanned, line.HasStem(term));
                if (scanned)
                {
                    Assert.True(line.MayHaveStem(term));
                    found++;
                }
                checkedTerms++;
            }
        }
        // Both answers occur often enough for the comparison to mean something.
        Assert.InRange(found, checkedTerms / 10, checkedTerms * 9 / 10);
    }

    [Fact]
    public void The_stem_filter_turns_away_most_terms_a_line_does_not_have()
    {
        var line = new AnalyzedLine("text", ["digital", "partnership", "council", "seoul", "semiconductor", "korea", "eu", "meet", "2024"], new HashSet<string>(), new HashSet<int>());
        var absent = Enumerable.Range(0, 1_000).Select(i => "term" + i).ToArray();

        Assert.All(line.Terms, t => Assert.True(line.MayHaveStem(t)));
        Assert.True(line.MayHaveStem("meett")); // "meet" doubled
        Assert.True(absent.Count(t => !line.MayHaveStem(t)) > 800);
    }

    [Fact]
    public void HasStem_finds_undoubled_and_doubled_forms_in_both_directions()
    {
        var line = new AnalyzedLine("We added a council.", ["ad", "council"], new HashSet<string>(), new HashSet<int>());

        Assert.True(line.HasStem("add"));
        Assert.True(line.HasStem("ad"));
        Assert.True(line.HasStem("councill"));
        Assert.False(line.HasStem("adds"));
        Assert.False(line.HasStem("summit"));
    }

    [Fact]
    public void Partners_and_ordinals_are_read_from_the_text_when_first_asked()
    {
        var partners = Partners.Parse("EU: EU, European Union\nKR: Korea\nJP: Japan\n");
        var line = new AnalyzedLine("Korea and the EU held their third council.", ["korea", "eu", "held", "third", "council"], partners);
        var plain = new AnalyzedLine("Ministers met.", ["minist", "met"], partners);

        Assert.Equal(["EU", "KR"], line.Partners.Order());
        Assert.Equal([3], line.Ordinals);
        Assert.Same(line.Partners, line.Partners);
        Assert.Empty(plain.Partners);
        Assert.Empty(plain.Ordinals);
    }

    [Theory]
    [InlineData("The agreement was signed today in Seoul.")]
    [InlineData("Negotiations concluded, pending signature.")]
    [InlineData("Ministers met.")]
    [InlineData("협정은 아직 서명되지 않았다.")]
    public void Status_is_what_disagreement_reads_from_the_text(string text)
    {
        var line = new AnalyzedLine(text, ["x"], new HashSet<string>(), new HashSet<int>());

        Assert.Equal(Disagreement.StatusOf(text), line.Status);
        Assert.Equal(Disagreement.StatusOf(text), line.Status);
    }

    [Fact]
    public void Places_and_people_are_read_once_and_people_again_for_another_idea_of_common_words()
    {
        const string text = "The council met in Seoul, where Vice Minister Lee Chang-yoon and Commissioner Thierry Breton signed it.";
        var line = new AnalyzedLine(text, ["x"], new HashSet<string>(), new HashSet<int>());
        Func<string, bool> none = _ => false;
        Func<string, bool> breton = w => w == "Breton";

        Assert.Equal(Cues.Places(text), line.Places);
        Assert.Same(line.Places, line.Places);
        Assert.Equal(Cues.People(text, none), line.PeopleIn(none));
        Assert.Same(line.PeopleIn(none), line.PeopleIn(none));
        Assert.Contains("Thierry Breton", line.PeopleIn(none));
        // Another common-word test reads the line again: "Breton" as a common word is no name.
        Assert.Equal(Cues.People(text, breton), line.PeopleIn(breton));
        Assert.DoesNotContain("Thierry Breton", line.PeopleIn(breton));
    }
}
