using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Html.Parser.Tokens.Struct;

namespace ChatBot.Core.Corpus;

/// <summary>
/// Title, metadata and main text of an HTML page. The tree is walked with explicit stacks, never by
/// recursion, and the parse is abandoned once the page is deeper or larger than any real article
/// (the parser's own work grows with depth times elements), so a hostile page costs bounded work.
/// </summary>
public sealed class HtmlDocumentReader : IDocumentReader
{
    /// <summary>Browsers stop nesting at about this depth too (Blink's parser limit is 512).</summary>
    public const int MaxDepth = 512;

    public const int MaxElements = 200_000;

    public const int MaxAttributesPerElement = 128;

    private static readonly HashSet<string> Furniture = new(StringComparer.OrdinalIgnoreCase)
        { "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template", "button", "menu" };

    private static readonly string[] FurnitureHints =
        ["share", "social", "menu", "navbar", "breadcrumb", "sidebar", "related", "cookie", "comment", "newsletter", "widget", "footer", "subscribe"];

    private static readonly HashSet<string> BlockTags =
        new(StringComparer.OrdinalIgnoreCase) { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "td", "th", "dt", "dd", "pre", "address" };

    // Start tags that never deepen the tree: void elements, and those whose end tag is optional
    // (a new <p> or <li> closes the open one), so sloppy real pages are not mistaken for deep ones.
    private static readonly HashSet<string> Flat = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
        "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
        "colgroup", "caption", "rb", "rt", "rp", "rtc",
    };

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public ExtractedDocument Read(byte[] bytes)
    {
        var html = TextDecoding.DecodeUtf8(bytes);
        using var document = Parse(html);

        var page = PageFacts.Of(document);
        var root = page.Main ?? page.Article ?? document.Body;
        var blocks = root is null ? [] : Collect(root);
        var date = DateText.ParseIso(page.Meta("article:published_time") ?? page.Meta("date") ?? page.TimeDateTime);
        var title = TextNormalizer.CollapseWhitespace(page.Title is null ? "" : TextOf(page.Title)) is { Length: > 0 } t ? t
            : page.H1 is null ? null : TextNormalizer.CollapseWhitespace(TextOf(page.H1));
        var lang = document.DocumentElement.GetAttribute("lang");
        return new ExtractedDocument(
            FrontMatter.Empty with
            {
                Title = title,
                Date = date ?? DateText.FindFirst(string.Join(" ", blocks.Select(b => b.Text))),
                Url = page.Canonical ?? page.Meta("og:url"),
                Author = page.Meta("author"),
                Language = lang,
            },
            blocks);
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html)
    {
        var depth = 0;
        var elements = 0;
        var attributes = 0;
        var options = new HtmlParserOptions
        {
            // The parser checks each attribute against the ones before it: past a real tag's count,
            // attributes are dropped (they never carry text) instead of costing quadratic time.
            ShouldEmitAttribute = (ref StructHtmlToken _, ReadOnlyMemory<char> _) => ++attributes <= MaxAttributesPerElement,
            // Counted as the tokens arrive, so the parse stops before the expensive part.
            OnToken = (token, _) =>
            {
                attributes = 0;
                if (token is not HtmlTagToken tag)
                {
                    return;
                }
                if (tag.Type == HtmlTokenType.EndTag)
                {
                    depth = Flat.Contains(tag.Name) ? depth : Math.Max(0, depth - 1);
                    return;
                }
                if (tag.Type != HtmlTokenType.StartTag)
                {
                    return;
                }
                if (++elements > MaxElements)
                {
                    throw new DocumentLoadException($"HTML with more than {MaxElements:N0} elements");
                }
                if (!tag.IsSelfClosing && !Flat.Contains(tag.Name) && ++depth > MaxDepth)
                {
                    throw new DocumentLoadException($"HTML nested deeper than {MaxDepth} elements");
                }
            },
        };
        return new HtmlParser(options).ParseDocument(html);
    }

    /// <summary>What the reader needs from the whole page, found in one walk.</summary>
    private sealed class PageFacts
    {
        private readonly Dictionary<string, string> _meta = new(StringComparer.OrdinalIgnoreCase);

        public IElement? Title { get; private set; }

        public IElement? H1 { get; private set; }

        public IElement? Main { get; private set; }

        public IElement? Article { get; private set; }

        public string? TimeDateTime { get; private set; }

        public string? Canonical { get; private set; }

        public string? Meta(string name) => _meta.GetValueOrDefault(name);

        public static PageFacts Of(AngleSharp.Html.Dom.IHtmlDocument document)
        {
            var facts = new PageFacts();
            foreach (var element in Elements(document.DocumentElement, skipFurniture: false))
            {
                facts.Visit(element);
            }
            return facts;
        }

        private void Visit(IElement element)
        {
            switch (element.LocalName)
            {
                case "title" when Title is null && element.NamespaceUri == AngleSharp.Dom.NamespaceNames.HtmlUri:
                    Title = element;
                    break;
                case "h1":
                    H1 ??= element;
                    break;
                case "main":
                    Main ??= element;
                    break;
                case "article":
                    Article ??= element;
                    break;
                case "time" when TimeDateTime is null && element.GetAttribute("datetime") is { } datetime:
                    TimeDateTime = datetime;
                    break;
                case "link" when Canonical is null && string.Equals(element.GetAttribute("rel"), "canonical", StringComparison.OrdinalIgnoreCase):
                    Canonical = element.GetAttribute("href");
                    break;
                case "meta":
                    if (element.GetAttribute("content")?.Trim() is { Length: > 0 } content)
                    {
                        foreach (var key in new[] { element.GetAttribute("name"), element.GetAttribute("property") })
                        {
                            if (key is not null)
                            {
                                _meta.TryAdd(key, content);
                            }
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>Elements under and including <paramref name="root"/> in document order, without recursion.</summary>
    private static IEnumerable<IElement> Elements(IElement root, bool skipFurniture)
    {
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (skipFurniture && IsFurniture(element))
            {
                continue;
            }
            yield return element;
            for (var child = element.LastElementChild; child is not null; child = child.PreviousElementSibling)
            {
                stack.Push(child);
            }
        }
    }

    private static bool IsFurniture(IElement element)
    {
        if (Furniture.Contains(element.LocalName))
        {
            return true;
        }
        if (element.LocalName is "html" or "body" or "main" or "article")
        {
            return false;
        }
        var marks = $"{element.ClassName} {element.Id} {element.GetAttribute("role")}".ToLowerInvariant();
        return marks.Trim().Length > 0 && FurnitureHints.Any(marks.Contains);
    }

    /// <summary>The text under an element, furniture left out, gathered without recursion.</summary>
    private static string TextOf(IElement element)
    {
        var text = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText t)
            {
                text.Append(t.Data);
                continue;
            }
            if (node is IElement e && !ReferenceEquals(e, element) && IsFurniture(e))
            {
                continue;
            }
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push(child);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Innermost block elements (p, li, h2, td, …) become blocks, and text placed directly in a
    /// container (e.g. &lt;div&gt;Some text&lt;/div&gt;) is a block of its own, in document order.
    /// </summary>
    private static List<TextBlock> Collect(IElement root)
    {
        // Elements with a block element below them, found bottom-up so each element is seen once.
        var holdsBlock = new HashSet<IElement>();
        var order = Elements(root, skipFurniture: true).ToList();
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var element = order[i];
            if ((BlockTags.Contains(element.LocalName) || holdsBlock.Contains(element)) && element.ParentElement is { } parent)
            {
                holdsBlock.Add(parent);
            }
        }

        var blocks = new List<TextBlock>();
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (IsFurniture(element))
            {
                continue;
            }
            var isBlock = BlockTags.Contains(element.LocalName);
            if (isBlock && !holdsBlock.Contains(element))
            {
                var text = TextNormalizer.CollapseWhitespace(TextOf(element));
                if (text.Length > 0)
                {
                    blocks.Add(new TextBlock(text, IsHeading: element.LocalName.Length == 2 && element.LocalName[0] == 'h' && char.IsDigit(element.LocalName[1])));
                }
                continue;
            }
            var direct = TextNormalizer.CollapseWhitespace(string.Concat(element.ChildNodes.OfType<IText>().Select(t => t.Data)));
            if (direct.Length > 0 && !isBlock)
            {
                blocks.Add(new TextBlock(direct));
            }
            for (var child = element.LastElementChild; child is not null; child = child.PreviousElementSibling)
            {
                stack.Push(child);
            }
        }
        return blocks;
    }
}
