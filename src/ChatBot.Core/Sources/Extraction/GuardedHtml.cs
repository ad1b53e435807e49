using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ChatBot.Core.Sources.Fetching;

namespace ChatBot.Core.Sources.Extraction;

/// <summary>
/// Parses untrusted HTML so that no page can take the worker down. The HTML parser recurses on
/// nesting and overflows an ordinary thread's stack somewhere past 50,000 levels (a stack
/// overflow ends the process, it cannot be caught), and its cost grows with depth times tags: a
/// linear pre-scan refuses absurd nesting and element counts, parsing runs on a thread with a
/// large stack as a second line of defence, and then any document nested deeper than
/// <see cref="MaxDepth"/> is refused before Readability (whose cost grows steeply with depth) or
/// any recursive walk sees it.
/// </summary>
public static class GuardedHtml
{
    /// <summary>Real pages nest a few dozen levels.</summary>
    public const int MaxDepth = 200;

    private const int ParserStackBytes = 256 * 1024 * 1024;

    /// <summary>Start tags past this are refused unread: real pages have a few thousand elements.</summary>
    public const int MaxStartTags = 200_000;

    /// <summary>
    /// The parser also pays for depth on every tag (scope checks walk the open elements), so a
    /// deep document costs depth × tags: a linear pre-scan refuses one before it is parsed.
    /// </summary>
    public const int MaxEstimatedDepth = 2_000;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen", "basefont", "bgsound", "frame",
    };

    // Elements an end tag of another name cannot close past (the parser's scope boundaries).
    private static readonly HashSet<string> Barriers = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "table", "td", "th", "caption", "template", "applet", "object", "marquee", "svg", "math",
    };

    // A new one of these closes the open one of the same name.
    private static readonly HashSet<string> SelfClosingSiblings = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb", "rt", "rp",
    };

    // "<x/>" closes itself only in SVG and MathML; in HTML the slash is ignored and x stays open.
    private static readonly HashSet<string> ForeignLeaves = new(StringComparer.OrdinalIgnoreCase)
    {
        "path", "circle", "rect", "line", "polyline", "polygon", "ellipse", "use", "stop", "image", "mi", "mo", "mn", "mspace",
        "feblend", "fecolormatrix", "feoffset", "fegaussianblur", "femergenode", "animate", "set",
    };

    /// <summary>
    /// An upper estimate of the nesting depth and the number of start tags, in one pass over the
    /// text. It errs towards deeper (it ignores most of the parser's implicit closing), never
    /// shallower: an end tag only closes what it names, within the same scope.
    /// </summary>
    internal static (int Depth, int StartTags) Estimate(string html)
    {
        var open = new List<string>();
        var deepest = 0;
        var starts = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            var closing = html[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
            {
                nameEnd++;
            }
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i++;
                continue;
            }
            var name = html[nameStart..nameEnd];
            var tagEnd = html.IndexOf('>', nameEnd);
            var selfClosed = tagEnd > 0 && html[tagEnd - 1] == '/';
            i = tagEnd < 0 ? html.Length : tagEnd + 1;
            if (closing)
            {
                // Looking deeper than a few dozen elements for a match costs time an attacker
                // chooses; giving up only leaves the estimate deeper, the safe side.
                for (var k = open.Count - 1; k >= 0 && k >= open.Count - 64; k--)
                {
                    if (string.Equals(open[k], name, StringComparison.OrdinalIgnoreCase))
                    {
                        open.RemoveRange(k, open.Count - k);
                        break;
                    }
                    if (Barriers.Contains(open[k]))
                    {
                        break;
                    }
                }
                continue;
            }
            if (++starts > MaxStartTags)
            {
                return (deepest, starts);
            }
            if (Void.Contains(name) || (selfClosed && ForeignLeaves.Contains(name)))
            {
                continue;
            }
            if (SelfClosingSiblings.Contains(name) && open.Count > 0 && string.Equals(open[^1], name, StringComparison.OrdinalIgnoreCase))
            {
                continue; // closes the previous one and opens itself: same depth
            }
            open.Add(name);
            deepest = Math.Max(deepest, open.Count);
            if (deepest > MaxEstimatedDepth)
            {
                return (deepest, starts);
            }
        }
        return (deepest, starts);
    }

    /// <exception cref="FetchFailedException">Kind <see cref="FetchFailureKind.Malformed"/> when nested too deeply or too large.</exception>
    public static IHtmlDocument Parse(string html, Uri url)
    {
        var (estimatedDepth, startTags) = Estimate(html);
        if (startTags > MaxStartTags)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"{url}: more than {MaxStartTags:N0} elements");
        }
        if (estimatedDepth > MaxEstimatedDepth)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"{url}: markup nested more than {MaxEstimatedDepth:N0} levels deep");
        }
        IHtmlDocument? document = null;
        Exception? error = null;
        var depth = 0;
        var thread = new Thread(() =>
        {
            try
            {
                document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
                depth = DepthOf(document);
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, ParserStackBytes) { IsBackground = true, Name = "html-parse" };
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"{url}: unreadable HTML: {error.Message}", error);
        }
        if (depth > MaxDepth)
        {
            throw new FetchFailedException(FetchFailureKind.Malformed, $"{url}: markup nested more than {MaxDepth} levels deep");
        }
        return document!;
    }

    /// <summary>Plain text of an HTML fragment, or empty when it is too deep to read safely.</summary>
    public static string TextOf(string html, Uri url)
    {
        try
        {
            return Parse(html, url).Body?.TextContent ?? "";
        }
        catch (FetchFailedException)
        {
            return "";
        }
    }

    private static int DepthOf(IHtmlDocument document)
    {
        var deepest = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        if (document.DocumentElement is { } root)
        {
            stack.Push((root, 1));
        }
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            if (deepest > MaxDepth)
            {
                return deepest;
            }
            foreach (var child in element.Children)
            {
                stack.Push((child, depth + 1));
            }
        }
        return deepest;
    }
}
