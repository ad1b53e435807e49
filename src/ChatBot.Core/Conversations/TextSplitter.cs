using System.Globalization;

namespace ChatBot.Core.Conversations;

/// <summary>
/// Splits text into chunks no longer than a limit, preferring paragraph, then sentence, then
/// word boundaries. A cut never leaves a <c>[n]</c> marker apart from the sentence it cites
/// (the engine writes "sentence. [1]"), never falls inside a marker, and never splits a
/// character: a surrogate pair (emoji, rare CJK) or a combining sequence stays whole. Only a
/// single "word" longer than the limit is cut inside.
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
        if (paragraph > floor && !MarkerFollows(text, paragraph))
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
            if (char.IsWhiteSpace(text[i]) && !MarkerFollows(text, i))
            {
                return i;
            }
        }
        return HardCut(text, limit);
    }

    /// <summary>Index of whitespace after a sentence end and the markers citing it, or -1.</summary>
    private static int LastSentenceEnd(string text, int limit, int floor)
    {
        for (var i = limit; i > floor; i--)
        {
            if (!char.IsWhiteSpace(text[i]) || MarkerFollows(text, i))
            {
                continue;
            }
            // Step back over "[1] [2]" (with or without spaces) to the sentence's own punctuation.
            var j = i - 1;
            while (j > 0)
            {
                if (char.IsWhiteSpace(text[j]) && text[j] != '\n')
                {
                    j--;
                    continue;
                }
                if (text[j] == ']' && text.LastIndexOf('[', j) is var open and >= 0 && IsMarker(text, open, j))
                {
                    j = open - 1;
                    continue;
                }
                break;
            }
            if (j >= 0 && text[j] is '.' or '!' or '?' or ':' or ';' or '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True when the text after the whitespace at <paramref name="i"/> starts with a marker, which belongs to what precedes it.</summary>
    private static bool MarkerFollows(string text, int i)
    {
        var k = i;
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            k++;
        }
        if (k >= text.Length || text[k] != '[')
        {
            return false;
        }
        var close = text.IndexOf(']', k);
        return close > 0 && IsMarker(text, k, close);
    }

    private static int HardCut(string text, int limit)
    {
        // A single unbroken run: step back out of a [n] marker if the limit falls inside one.
        var cut = limit;
        var open = text.LastIndexOf('[', limit - 1);
        if (open > 0)
        {
            var close = text.IndexOf(']', open);
            if (close >= limit && IsMarker(text, open, close))
            {
                cut = open;
            }
        }
        // Then back to the start of the character (text element) the cut would split.
        var boundary = 0;
        while (boundary < cut)
        {
            var next = boundary + StringInfo.GetNextTextElementLength(text, boundary);
            if (next > cut)
            {
                break;
            }
            boundary = next;
        }
        if (boundary > 0)
        {
            return boundary;
        }
        // One "character" longer than the limit (thousands of combining marks): at least keep surrogate pairs whole.
        return char.IsLowSurrogate(text[cut]) && cut > 1 ? cut - 1 : cut;
    }

    private static bool IsMarker(string text, int open, int close) =>
        close > open + 1 && close - open <= 5 && text.AsSpan(open + 1, close - open - 1).IndexOfAnyExceptInRange('0', '9') < 0;
}
