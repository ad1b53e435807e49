using ChatBot.Core.Answers;
using ChatBot.Core.Topics;

namespace ChatBot.Core.Summaries;

/// <summary>
/// A topic overview in the shared answer model, or, for an unknown topic, what the user could
/// have meant.
/// </summary>
public sealed record TopicSummary(
    string RequestedTopic,
    Topic? Topic,
    Answer? Summary,
    Topic? Closest,
    IReadOnlyList<Topic> KnownTopics)
{
    public bool Found => Topic is not null && Summary is not null;
}
