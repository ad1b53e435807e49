using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ChatBot.Core.Corpus;

/// <summary>What a format reader extracts before boilerplate removal and passage building.</summary>
public sealed record ExtractedDocument(FrontMatter Meta, IReadOnlyList<TextBlock> Blocks);

/// <summary>Reads one file format into metadata and verbatim text blocks.</summary>
public interface IDocumentReader
{
    IReadOnlyCollection<string> Extensions { get; }

    ExtractedDocument Read(byte[] bytes);
}

internal static class TextDecoding
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string DecodeUtf8(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw new DocumentLoadException("binary content (NUL bytes)");
        }
        try
        {
            var text = Strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentLoadException("invalid UTF-8");
        }
    }

    /// <summary>Paragraph blocks from plain lines: blank lines separate blocks, list items are their own blocks.</summary>
    public static List<TextBlock> LinesToBlocks(IEnumerable<string> lines, Func<string, TextBlock?>? special = null)
    {
        var blocks = new List<TextBlock>();
        var paragraph = new StringBuilder();

        void Flush()
        {
            var text = TextNormalizer.CollapseWhitespace(paragraph.ToString());
            if (text.Length > 0)
            {
                blocks.Add(new TextBlock(text));
            }
            paragraph.Clear();
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(TextNormalizer.CollapseWhitespace(line)))
            {
                Flush();
                continue;
            }
            if (special?.Invoke(line) is { } block)
            {
                Flush();
                if (block.Text.Length > 0)
                {
                    blocks.Add(block);
                }
                continue;
            }
            var stripped = TextNormalizer.StripListMarker(line);
            if (stripped.Length != line.TrimStart().Length)
            {
                Flush();
                paragraph.Append(stripped);
                Flush();
                continue;
            }
            // A line that cannot continue a sentence (heading, byline, date) stands alone.
            if (paragraph.Length > 0 && PassageBuilder.LooksLikeHeading(TextNormalizer.CollapseWhitespace(paragraph.ToString()))
                && char.IsUpper(TextNormalizer.CollapseWhitespace(line)[0]))
            {
                Flush();
            }
            paragraph.Append(' ').Append(line);
        }
        Flush();
        return blocks;
    }
}

public sealed class MarkdownDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public ExtractedDocument Read(byte[] bytes)
    {
        var text = TextDecoding.DecodeUtf8(bytes);
        var (meta, body) = FrontMatter.Split(text);
        var inFence = false;
        var blocks = TextDecoding.LinesToBlocks(body.Split('\n'), line =>
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                return new TextBlock("");
            }
            if (inFence || trimmed.StartsWith("<!--", StringComparison.Ordinal) || trimmed.Trim('-', '*', '_', ' ').Length == 0)
            {
                return new TextBlock("");
            }
            if (trimmed.StartsWith('#'))
            {
                var heading = TextNormalizer.CollapseWhitespace(trimmed.TrimStart('#').TrimEnd('#'));
                return new TextBlock(heading, IsHeading: true);
            }
            return null;
        });
        return new ExtractedDocument(meta, blocks);
    }
}

public sealed class TextDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".txt"];

    public ExtractedDocument Read(byte[] bytes)
    {
        var text = TextDecoding.DecodeUtf8(bytes);
        var blocks = TextDecoding.LinesToBlocks(text.Split('\n'));
        var title = text.Split('\n').Select(l => TextNormalizer.CollapseWhitespace(l)).FirstOrDefault(l => l.Length > 0);
        var date = DateText.FindFirst(text);
        return new ExtractedDocument(FrontMatter.Empty with { Title = title, Date = date }, blocks);
    }
}

public sealed class HtmlDocumentReader : IDocumentReader
{
    private static readonly string[] Furniture =
        ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template", "button", "menu"];

    private static readonly string[] FurnitureHints =
        ["share", "social", "menu", "navbar", "breadcrumb", "sidebar", "related", "cookie", "comment", "newsletter", "widget", "footer", "subscribe"];

    private static readonly HashSet<string> BlockTags =
        new(StringComparer.OrdinalIgnoreCase) { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "td", "th", "dt", "dd", "pre", "address" };

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public ExtractedDocument Read(byte[] bytes)
    {
        var html = TextDecoding.DecodeUtf8(bytes);
        var document = new HtmlParser().ParseDocument(html);

        string? Meta(string name) =>
            document.QuerySelector($"meta[name='{name}'], meta[property='{name}']")?.GetAttribute("content")?.Trim() is { Length: > 0 } v ? v : null;

        var h1 = document.QuerySelector("h1")?.TextContent;
        var title = TextNormalizer.CollapseWhitespace(document.Title ?? "") is { Length: > 0 } t ? t
            : h1 is null ? null : TextNormalizer.CollapseWhitespace(h1);
        var date = DateText.ParseIso(Meta("article:published_time") ?? Meta("date") ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

        foreach (var element in document.QuerySelectorAll(string.Join(",", Furniture)).ToList())
        {
            element.Remove();
        }
        foreach (var element in document.All.Where(IsFurniture).ToList())
        {
            element.Remove();
        }

        var root = (IElement?)document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body;
        var blocks = new List<TextBlock>();
        if (root is not null)
        {
            Collect(root, blocks);
        }
        var canonical = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href") ?? Meta("og:url");
        var lang = document.DocumentElement.GetAttribute("lang");
        return new ExtractedDocument(
            FrontMatter.Empty with { Title = title, Date = date ?? DateText.FindFirst(root?.TextContent ?? ""), Url = canonical, Author = Meta("author"), Language = lang },
            blocks);
    }

    private static bool IsFurniture(IElement element)
    {
        if (element.LocalName is "html" or "body" or "main" or "article")
        {
            return false;
        }
        var marks = $"{element.ClassName} {element.Id} {element.GetAttribute("role")}".ToLowerInvariant();
        return marks.Trim().Length > 0 && FurnitureHints.Any(marks.Contains);
    }

    private static void Collect(IElement element, List<TextBlock> blocks)
    {
        if (BlockTags.Contains(element.LocalName) && !element.Descendants<IElement>().Any(d => BlockTags.Contains(d.LocalName)))
        {
            var text = TextNormalizer.CollapseWhitespace(element.TextContent);
            if (text.Length > 0)
            {
                blocks.Add(new TextBlock(text, IsHeading: element.LocalName.Length == 2 && element.LocalName[0] == 'h' && char.IsDigit(element.LocalName[1])));
            }
            return;
        }
        // Text placed directly in containers (e.g. <div>Some text</div>) is a block of its own.
        var direct = TextNormalizer.CollapseWhitespace(string.Concat(element.ChildNodes.OfType<IText>().Select(t => t.Text)));
        if (direct.Length > 0 && !BlockTags.Contains(element.LocalName))
        {
            blocks.Add(new TextBlock(direct));
        }
        foreach (var child in element.Children)
        {
            Collect(child, blocks);
        }
    }
}

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
