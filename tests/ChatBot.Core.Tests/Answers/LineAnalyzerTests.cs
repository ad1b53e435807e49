using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Answers;

/// <summary>What answers keep of their analyses: once per answer, shared from a passage's second answer on.</summary>
public class LineAnalyzerTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public LineAnalyzerTests()
    {
        _corpus.Write("council.md", "---\ntitle: Digital Partnership Council\ndate: 2025-11-28\n---\n## Third council\n\nThe third council was held in Seoul on 28 November 2025.\n\nMinisters reviewed semiconductor research and quantum projects.\n\n## Next steps\n\nThe fourth council is planned for 2026 in Brussels.\n");
        _corpus.Write("chips.md", "---\ntitle: Chip research\ndate: 2024-07-18\n---\nThe partners fund joint semiconductor research projects.\n\nDeadline:\n\n14 May 2024\n\nEach project runs for three years with twelve million euros.\n");
        _corpus.Write("quantum.md", "---\ntitle: Quantum\ndate: 2025-01-06\n---\nQuantum computing researchers met in Seoul in January 2025.\n\nThey agreed a workshop on post-quantum cryptography.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private async Task<KnowledgeBase> IndexedAsync()
    {
        var knowledge = new KnowledgeBase(new ChatBotPaths(_corpus.Path, _data.Path), Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }));
        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        return knowledge;
    }

    private static Partners LoadPartners() => Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));

    [Fact]
    public async Task An_answer_analyses_a_passage_once_and_later_answers_share_it_from_the_second_on()
    {
        using var knowledge = await IndexedAsync();
        var lines = new LineAnalyzer(knowledge, LoadPartners());
        var passage = knowledge.Documents.SelectMany(d => knowledge.PassagesOf(d.Id)).First();
        var document = knowledge.Documents.First(d => d.Id == passage.DocumentId);

        AnalyzedLine[] first;
        DocumentContext firstContext;
        using (lines.BeginAnswer())
        {
            first = lines.Lines(passage);
            firstContext = lines.Document(document);
            Assert.Same(first, lines.Lines(passage));
            Assert.Same(lines.Heading(passage), lines.Heading(passage));
            Assert.Same(firstContext, lines.Document(document));
        }
        AnalyzedLine[] second;
        using (lines.BeginAnswer())
        {
            // Reached once before: analysed again (nothing was kept), and now kept.
            second = lines.Lines(passage);
            Assert.NotSame(first, second);
            Assert.NotSame(firstContext, lines.Document(document));
        }
        using (lines.BeginAnswer())
        {
            Assert.Same(second, lines.Lines(passage));
        }
        Assert.Same(second, lines.Lines(passage));
        Assert.Equal(first.Select(l => string.Join(' ', l.Terms)), second.Select(l => string.Join(' ', l.Terms)));
        Assert.Equal(first.Select(l => l.Text), second.Select(l => l.Text));
    }

    [Fact]
    public async Task Outside_an_answer_everything_analysed_is_cached()
    {
        using var knowledge = await IndexedAsync();
        var lines = new LineAnalyzer(knowledge, LoadPartners());
        var passage = knowledge.Documents.SelectMany(d => knowledge.PassagesOf(d.Id)).First();

        var first = lines.Lines(passage);

        Assert.Same(first, lines.Lines(passage));
        using (lines.BeginAnswer())
        {
            Assert.Same(first, lines.Lines(passage));
        }
    }

    [Theory]
    [InlineData("When was the third council held?")]
    [InlineData("What is the deadline for semiconductor research projects?")]
    [InlineData("Where did quantum researchers meet?")]
    public async Task Scoring_inside_answers_gives_the_scores_of_scoring_outside_them(string question)
    {
        using var knowledge = await IndexedAsync();
        var partners = LoadPartners();
        var profile = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf, partners: partners).Profile(question);
        var hits = knowledge.Retrieval.Retrieve(profile, 20);
        var expected = Summary(new EvidenceScorer(new LineAnalyzer(knowledge, partners), _ => false).Score(profile, hits));

        var lines = new LineAnalyzer(knowledge, partners);
        var scorer = new EvidenceScorer(lines, _ => false, parallelism: 2);
        // First answer: nothing shared; second: analysed again and kept; third: read from the cache.
        for (var answer = 0; answer < 3; answer++)
        {
            using (lines.BeginAnswer())
            {
                scorer.Prepare(profile, hits[0]);
                Assert.Equal(expected, Summary(scorer.Score(profile, hits)));
            }
        }
        Assert.NotEmpty(expected);
    }

    private static List<string> Summary(List<Evidence> evidence) =>
        evidence.Select(e => $"{e.Passage.Id}:{e.Index}-{e.LastIndex} {e.Score:R} {e.Confidence:R} {e.CueMet} [{string.Join(",", e.InLine.Order())}] {e.Text}").ToList();
}
