using ChatBot.Core.Answers;
using ChatBot.Core.Indexing;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Indexing;

public class SynonymsTests
{
    [Fact]
    public void Parses_groups_and_ignores_comments_and_single_entries()
    {
        var synonyms = Synonyms.Parse("# comment\nHPC, high performance computing\n\nlonely\nAI ,  artificial intelligence , AI\n");

        Assert.Equal(2, synonyms.Groups.Count);
        Assert.Equal(["HPC", "high performance computing"], synonyms.Groups[0]);
        Assert.Equal(["AI", "artificial intelligence"], synonyms.Groups[1]);
    }

    [Fact]
    public void Expands_a_phrase_found_in_the_question_to_the_rest_of_its_group()
    {
        var synonyms = Synonyms.Parse("HPC, high performance computing\nPQC, post-quantum cryptography\nAI, artificial intelligence");

        Assert.Equal(["HPC"], synonyms.Expand("What is planned for High Performance Computing?"));
        Assert.Equal(["post-quantum cryptography"], synonyms.Expand("Any news on PQC?"));
        Assert.Empty(synonyms.Expand("What about the FAIR principles?"));
    }

    [Fact]
    public void The_shipped_file_has_the_domain_groups()
    {
        var synonyms = Synonyms.Load(RepositoryPaths.SynonymsFile);

        Assert.Contains("high performance computing", synonyms.Expand("HPC"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Republic of Korea", synonyms.Expand("ROK"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("European Union", synonyms.Expand("EU"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("semiconductors", synonyms.Expand("chips"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("post-quantum cryptography", synonyms.Expand("PQC"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("beyond 5G", synonyms.Expand("6G"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Digital Partnership Council", synonyms.Expand("council"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("artificial intelligence", synonyms.Expand("AI"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Split_phrasal_verbs_still_match()
    {
        Assert.Equal((3, 6), QuestionProfiler.FindWithGaps(["What", "challenges", "could", "hold", "the", "partnership", "back"], "hold back"));
        Assert.Null(QuestionProfiler.FindWithGaps(["hold", "a", "b", "c", "d", "e", "back"], "hold back"));
    }

    [Fact]
    public void A_question_with_a_synonym_becomes_one_concept_with_every_form()
    {
        using var analysis = new TextAnalysis();
        var profiler = new QuestionProfiler(analysis, Synonyms.Parse("HPC, high performance computing"), _ => 1.0);

        var profile = profiler.Profile("What is planned for high performance computing?");

        var concept = Assert.Single(profile.Concepts);
        Assert.Equal(["high", "perform", "comput"], concept.Forms[0]);
        Assert.Equal(["hpc"], concept.Forms[1]);
        Assert.True(profile.AsksNext);
    }
}
