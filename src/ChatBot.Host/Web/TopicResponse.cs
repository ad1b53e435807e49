namespace ChatBot.Host.Web;

public sealed record TopicResponse(string Id, string Name, IReadOnlyList<string> Aliases, int DocumentCount);
