using ChatBot.Core.Topics;

namespace ChatBot.Host.Web;

public sealed record TopicRef(string Id, string Name)
{
    public static TopicRef From(Topic topic) => new(topic.Id, topic.Name);
}
