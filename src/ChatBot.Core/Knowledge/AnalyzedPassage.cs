namespace ChatBot.Core.Knowledge;

/// <summary>The English terms of a passage's sentences and of its document title plus heading.</summary>
internal sealed record AnalyzedPassage(IReadOnlyList<IReadOnlyList<string>> Sentences, IReadOnlyList<string> Title);
