namespace ChatBot.Host.Web;

/// <summary>What <c>GET /api/summary</c> answers for a topic it does not know.</summary>
public sealed record UnknownTopicResponse(string Error, TopicRef? Closest, IReadOnlyList<TopicRef> KnownTopics);
