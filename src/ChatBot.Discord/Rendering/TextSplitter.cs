namespace ChatBot.Discord.Rendering;

/// <summary>
/// Splits text into chunks no longer than a limit, preferring paragraph, then sentence, then
/// word boundaries. Cuts happen only at whitespace, so a word and a <c>[n]</c> marker (which
/// contains none) always stay whole; only a single "word" longer than the limit is cut inside,
/// and never inside a marker.
/// </summary>
public static class TextSplitter
{
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 8);
        var chunks = new List<string>();
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var cut = FindCut(rest, limit);
            var chunk = rest[..cut].TrimEnd();
            if (chunk.Length > 0)
            {
                chunks.Add(chunk);
            }
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
        {
            chunks.Add(rest);
        }
        return chunks;
    }

    /// <summary>Shortens to at most <paramref name="limit"/> characters at a word boundary, ending with "…".</summary>
    public static string Shorten(string text, int limit)
    {
        text = text.Trim();
        if (text.Length <= limit)
        {
            return text;
        }
        var cut = FindCut(text, limit - 1);
        return text[..cut].TrimEnd() + "…";
    }

    private static int FindCut(string text, int limit)
    {
        // text.Length > limit here. Cutting at index i keeps text[..i] (i ≤ limit).
        var floor = limit / 2;
        var paragraph = text.LastIndexOf("\n\n", limit, limit - floor + 1, StringComparison.Ordinal);
        if (paragraph > floor)
        {
            return paragraph;
        }
        var sentence = LastSentenceEnd(text, limit, floor);
        if (sentence > 0)
        {
            return sentence;
        }
        for (var i = limit; i > 0; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }
        return HardCut(text, limit);
    }

    /// <summary>Index of whitespace that follows a sentence end (optionally followed by markers), or -1.</summary>
    private static int LastSentenceEnd(string text, int limit, int floor)
    {
        for (var i = limit; i > floor; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                continue;
            }
            var j = i - 1;
            while (j > 0 && text[j] == ']')
            {
                var open = text.LastIndexOf('[', j);
                if (open < 0 || !IsMarker(text, open, j))
                {
                    break;
                }
                j = open - 1;
            }
            if (j >= 0 && text[j] is '.' or '!' or '?' or ':' or ';' or '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private static int HardCut(string text, int limit)
    {
        // A single unbroken run: step back out of a [n] marker if the limit falls inside one.
        var open = text.LastIndexOf('[', limit - 1);
        if (open >= 0)
        {
            var close = text.IndexOf(']', open);
            if (close >= limit && IsMarker(text, open, close) && open > 0)
            {
                return open;
            }
        }
        return limit;
    }

    private static bool IsMarker(string text, int open, int close) =>
        close > open + 1 && close - open <= 5 && text.AsSpan(open + 1, close - open - 1).IndexOfAnyExceptInRange('0', '9') < 0;
}
