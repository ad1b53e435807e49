namespace ChatBot.Core.Indexing;

/// <param name="Matched">The alternative found in the text.</param>
/// <param name="Alternatives">The rest of its group.</param>
public sealed record SynonymMatch(string Matched, IReadOnlyList<string> Alternatives);
