using ChatBot.Core.Topics;

namespace ChatBot.Testing.Fakes;

/// <summary>A fixed topic list, so adapter tests do not depend on what the corpus happens to cover.</summary>
public sealed class FakeTopicCatalog(params TopicCoverage[] coverage) : ITopicCatalog
{
    public IReadOnlyList<Topic> Topics { get; } = [.. coverage.Select(c => c.Topic)];

    /// <summary>The "did you mean" topic for text that names none; none unless a test wants one.</summary>
    public Func<string, Topic?> Suggest { get; init; } = _ => null;

    public TopicLookup Find(string text)
    {
        var match = Topics.FirstOrDefault(t =>
            string.Equals(t.Id, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Name, text, StringComparison.OrdinalIgnoreCase)
            || t.Aliases.Contains(text, StringComparer.OrdinalIgnoreCase));
        return new TopicLookup(match, match is null ? Suggest(text) : null);
    }

    public IReadOnlyList<Topic> Complete(string partial, int max) =>
        [.. Topics.Where(t => t.Id.StartsWith(partial, StringComparison.OrdinalIgnoreCase) || t.Name.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).Take(max)];

    public Task<IReadOnlyList<TopicCoverage>> CoverageAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TopicCoverage>>(coverage);
}
