namespace ChatBot.Core.Corpus;

/// <summary>
/// A retrievable chunk of a document made of whole sentences. Each sentence is a verbatim
/// substring of the document's cleaned text, so any of them can be quoted as-is.
/// </summary>
public sealed record Passage(
    string Id,
    string DocumentId,
    int Ordinal,
    string? Heading,
    IReadOnlyList<string> Sentences)
{
    public string Text => string.Join(" ", Sentences);
}
