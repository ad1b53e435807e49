namespace ChatBot.Core.Corpus;

/// <summary>Reads one file format into metadata and verbatim text blocks.</summary>
public interface IDocumentReader
{
    IReadOnlyCollection<string> Extensions { get; }

    ExtractedDocument Read(byte[] bytes);
}
