using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ChatBot.Core.Corpus;

public sealed class PdfDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public ExtractedDocument Read(byte[] bytes)
    {
        if (bytes.Length < 5 || Encoding.ASCII.GetString(bytes, 0, 5) != "%PDF-")
        {
            throw new DocumentLoadException("corrupt PDF: missing %PDF header");
        }
        var lines = new List<string>();
        string? title;
        DateOnly? date;
        string? author;
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            title = pdf.Information.Title;
            author = pdf.Information.Author;
            date = pdf.Information.GetCreatedDateTimeOffset() is { } created ? DateOnly.FromDateTime(created.UtcDateTime) : null;
            foreach (var page in pdf.GetPages())
            {
                lines.AddRange(ContentOrderTextExtractor.GetText(page).Split('\n'));
                lines.Add("");
            }
        }
        catch (Exception ex) when (ex is not DocumentLoadException)
        {
            throw new DocumentLoadException($"corrupt PDF: {ex.Message}", ex);
        }
        var blocks = TextDecoding.LinesToBlocks(lines);
        title = string.IsNullOrWhiteSpace(title) ? blocks.FirstOrDefault()?.Text : title.Trim();
        return new ExtractedDocument(FrontMatter.Empty with { Title = title, Date = date, Author = string.IsNullOrWhiteSpace(author) ? null : author }, blocks);
    }
}
