namespace ChatBot.Core.Corpus;

/// <summary>What a format reader extracts before boilerplate removal and passage building.</summary>
public sealed record ExtractedDocument(FrontMatter Meta, IReadOnlyList<TextBlock> Blocks);
