namespace ChatBot.Core.Topics;

/// <param name="Id">Stable slug used in commands and autocomplete values, e.g. "semiconductors".</param>
/// <param name="Query">The retrieval query that represents the topic.</param>
public sealed record Topic(string Id, string Name, IReadOnlyList<string> Aliases, string Query);
