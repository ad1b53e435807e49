namespace ChatBot.Core.Topics;

public interface ITopicCatalog
{
    IReadOnlyList<Topic> Topics { get; }

    TopicLookup Find(string text);

    /// <summary>Prefix and fuzzy matches for autocomplete, best first.</summary>
    IReadOnlyList<Topic> Complete(string partial, int max);

    /// <summary>Every topic with the number of indexed documents that cover it.</summary>
    Task<IReadOnlyList<TopicCoverage>> CoverageAsync(CancellationToken cancellationToken);
}
