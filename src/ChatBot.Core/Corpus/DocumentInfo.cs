namespace ChatBot.Core.Corpus;

/// <summary>Metadata of one corpus document, as loaded from front matter or inferred from its text.</summary>
/// <param name="Id">Path relative to the corpus root, without extension, '/' separated.</param>
/// <param name="ContentHash">Hash of the file bytes; drives incremental indexing and the change log.</param>
public sealed record DocumentInfo(
    string Id,
    string Title,
    DateOnly? Date,
    string? Url,
    string? Author,
    string? Publisher,
    string Language,
    IReadOnlyList<string> Topics,
    string ContentHash);
