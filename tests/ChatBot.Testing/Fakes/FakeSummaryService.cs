using ChatBot.Core.Answers;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;

namespace ChatBot.Testing.Fakes;

/// <summary>Summaries over a topic catalog, with the overview text each test project checks for.</summary>
/// <param name="summarize">The overview of a known topic, given the text asked for and the topic it matched.</param>
public sealed class FakeSummaryService(ITopicCatalog catalog, Func<string, Topic, Answer> summarize) : ISummaryService
{
    public Task<TopicSummary> SummarizeAsync(string topic, CancellationToken cancellationToken)
    {
        var lookup = catalog.Find(topic);
        return Task.FromResult(lookup.Match is { } match
            ? new TopicSummary(topic, match, summarize(topic, match), null, catalog.Topics)
            : new TopicSummary(topic, null, null, lookup.Closest, catalog.Topics));
    }
}
