namespace ChatBot.Core.Corpus;

/// <summary>A parsed corpus file: metadata, its cleaned blocks (boilerplate removed) and passages.</summary>
public sealed record LoadedDocument(DocumentInfo Info, IReadOnlyList<TextBlock> Blocks, IReadOnlyList<Passage> Passages)
{
    /// <summary>The cleaned text, one block per line; every quote is a substring of it.</summary>
    public string CleanText => string.Join("\n", Blocks.Select(b => b.Text));
}
