using ChatBot.Core.Corpus;

namespace ChatBot.Core.Sources.Extraction;

/// <summary>The readable part of one fetched document and what is known about it.</summary>
/// <param name="Url">Canonical URL (the page's own claim when it names its own site, else the fetched URL).</param>
/// <param name="Blocks">Paragraphs and headings, site boilerplate already cut.</param>
public sealed record ExtractedPage(
    string Title,
    Uri Url,
    DateOnly? Date,
    string? Language,
    string? Author,
    IReadOnlyList<TextBlock> Blocks);
