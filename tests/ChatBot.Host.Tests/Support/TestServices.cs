using ChatBot.Core.Answers;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Host.Tests.Fakes;
using ChatBot.Testing.Fakes;

namespace ChatBot.Host.Tests.Support;

public static class TestServices
{
    private static readonly Topic Semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
    private static readonly Topic Ai = new("ai", "Artificial intelligence", ["AI"], "artificial intelligence");

    /// <summary>Engine, knowledge base, topics and summaries replaced by doubles with fixed content.</summary>
    public static Action<IServiceCollection> Doubles(FakeAnswerEngine? engine = null, FakeKnowledgeBase? knowledge = null) => services =>
    {
        services.AddSingleton<IAnswerEngine>(engine ?? new FakeAnswerEngine());
        services.AddSingleton<IKnowledgeBase>(knowledge ?? new FakeKnowledgeBase(ready: true));
        services.AddSingleton<ITopicCatalog>(new FakeTopicCatalog(new TopicCoverage(Semiconductors, 2), new TopicCoverage(Ai, 1))
        {
            Suggest = text => text.StartsWith("semi", StringComparison.OrdinalIgnoreCase) ? Semiconductors : null,
        });
        services.AddSingleton<ISummaryService>(sp => new FakeSummaryService(sp.GetRequiredService<ITopicCatalog>(), (_, match) =>
            new Answer(match.Name, true, $"{match.Name}: the partners set up a researchers' forum [1].", [SampleAnswers.Council2023], 0.7)
            {
                DocumentsSearched = 2,
            }));
    };
}
