using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Html.Parser.Tokens.Struct;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ChatBot.Core.Corpus;

/// <summary>Reads one file format into metadata and verbatim text blocks.</summary>
public interface IDocumentReader
{
    IReadOnlyCollection<string> Extensions { get; }

    ExtractedDocument Read(byte[] bytes);
}
