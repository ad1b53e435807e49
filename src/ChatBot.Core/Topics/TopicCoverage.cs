namespace ChatBot.Core.Topics;

public sealed record TopicCoverage(Topic Topic, int DocumentCount);
