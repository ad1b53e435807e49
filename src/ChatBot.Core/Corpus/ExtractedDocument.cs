using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Html.Parser.Tokens.Struct;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ChatBot.Core.Corpus;

/// <summary>What a format reader extracts before boilerplate removal and passage building.</summary>
public sealed record ExtractedDocument(FrontMatter Meta, IReadOnlyList<TextBlock> Blocks);
