using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Answers;

public class EvidenceScorerTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public EvidenceScorerTests()
    {
        _corpus.Write("council.md", "---\ntitle: Digital Partnership Council\ndate: 2025-11-28\n---\n## Third council\n\nThe third council was held in Seoul on 28 November 2025.\n\nMinisters reviewed semiconductor research and quantum projects.\n\n## Next steps\n\nThe fourth council is planned for 2026 in Brussels.\n");
        _corpus.Write("chips.md", "---\ntitle: Chip research\ndate: 2024-07-18\n---\nThe partners fund joint semiconductor research projects.\n\nDeadline:\n\n14 May 2024\n\nEach project runs for three years with twelve million euros.\n");
        _corpus.Write("quantum.md", "---\ntitle: Quantum\ndate: 2025-01-06\n---\nQuantum computing researchers met in Seoul in January 2025.\n\nThey agreed a workshop on post-quantum cryptography.\n");
        _corpus.Write("korean.md", "---\ntitle: 디지털 파트너십 협의회\ndate: 2025-11-28\n---\n제3차 한-EU 디지털 파트너십 협의회가 2025년 11월 28일 서울에서 열렸다.\n");
        _corpus.Write("japan.md", "---\ntitle: EU-Japan council\ndate: 2025-05-12\n---\nThe EU-Japan digital partnership council met in Tokyo on 12 May 2025.\n");
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    [Theory]
    [InlineData("When was the third council held?")]
    [InlineData("What is the deadline for semiconductor research projects?")]
    [InlineData("Where did quantum researchers meet?")]
    [InlineData("When is the next council in Brussels?")]
    public async Task Preparing_hits_first_and_scoring_them_on_several_threads_changes_no_score(string question)
    {
        using var knowledge = new KnowledgeBase(new ChatBotPaths(_corpus.Path, _data.Path), Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }));
        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        var partners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));
        var profile = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf, partners: partners).Profile(question);
        var hits = knowledge.Retrieval.Retrieve(profile, 20);
        Assert.True(hits.Select(h => h.Document.Id).Distinct().Count() > 1, "the hits span several documents");

        var alone = new EvidenceScorer(new LineAnalyzer(knowledge, partners), _ => false, parallelism: 1).Score(profile, hits);
        var prepared = new EvidenceScorer(new LineAnalyzer(knowledge, partners), _ => false, parallelism: 4);
        foreach (var hit in hits.Take(3))
        {
            prepared.Prepare(profile, hit);
        }
        var shared = prepared.Score(profile, hits);

        Assert.NotEmpty(alone);
        Assert.Equal(Summary(alone), Summary(shared));
    }

    [Theory]
    [InlineData("When was the third council held?")]
    [InlineData("What is the deadline for semiconductor research projects?")]
    [InlineData("Where did quantum researchers meet?")]
    [InlineData("When is the next council in Brussels?")]
    [InlineData("제3차 협의회는 언제 열렸나요?")]
    public async Task Document_terms_gathered_after_a_refresh_change_no_score(string question)
    {
        using var knowledge = new KnowledgeBase(new ChatBotPaths(_corpus.Path, _data.Path), Options.Create(new IndexOptions { SynonymsPath = RepositoryPaths.SynonymsFile }));
        await knowledge.RefreshAsync(rebuild: false, null, CancellationToken.None);
        await knowledge.WarmUp;
        var partners = Partners.Load(Path.Combine(AppContext.BaseDirectory, "Data", "partners.txt"));
        var profile = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf, partners: partners).Profile(question);
        var hits = knowledge.Retrieval.Retrieve(profile, 20);
        var gathered = knowledge.Snapshot.DocumentTerms;
        Assert.NotNull(gathered);

        var indexed = new EvidenceScorer(new LineAnalyzer(knowledge, partners), _ => false).Score(profile, hits);
        knowledge.Snapshot.DocumentTerms = null;
        var read = new EvidenceScorer(new LineAnalyzer(knowledge, partners), _ => false).Score(profile, hits);

        Assert.NotEmpty(indexed);
        Assert.Equal(Summary(read), Summary(indexed));
    }

    private static List<string> Summary(List<Evidence> evidence) =>
        evidence.Select(e => $"{e.Passage.Id}:{e.Index}-{e.LastIndex} {e.Score:R} {e.Confidence:R} {e.CueMet} [{string.Join(",", e.InLine.Order())}] {e.Text}").ToList();
}
