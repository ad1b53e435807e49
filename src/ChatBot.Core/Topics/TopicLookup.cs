namespace ChatBot.Core.Topics;

/// <summary>Result of resolving what a user typed to a topic.</summary>
/// <param name="Match">The topic the text names (by id, name or alias), or null.</param>
/// <param name="Closest">When nothing matched, the nearest topic by spelling, if any is close.</param>
public sealed record TopicLookup(Topic? Match, Topic? Closest);
