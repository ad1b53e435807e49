namespace ChatBot.Core.Topics;

/// <param name="Id">Stable slug used in commands and autocomplete values, e.g. "semiconductors".</param>
/// <param name="Query">The retrieval query that represents the topic.</param>
public sealed record Topic(string Id, string Name, IReadOnlyList<string> Aliases, string Query);

/// <summary>Result of resolving what a user typed to a topic.</summary>
/// <param name="Match">The topic the text names (by id, name or alias), or null.</param>
/// <param name="Closest">When nothing matched, the nearest topic by spelling, if any is close.</param>
public sealed record TopicLookup(Topic? Match, Topic? Closest);

public sealed record TopicCoverage(Topic Topic, int DocumentCount);
