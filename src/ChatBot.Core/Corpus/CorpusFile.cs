namespace ChatBot.Core.Corpus;

/// <summary>A supported file found in the corpus folder, before it is parsed.</summary>
/// <param name="RelativePath">'/'-separated path relative to the corpus root.</param>
public sealed record CorpusFile(string FullPath, string RelativePath, string DocumentId);
