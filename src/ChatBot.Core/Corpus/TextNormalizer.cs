using System.Text;

namespace ChatBot.Core.Corpus;

internal static class TextNormalizer
{
    /// <summary>Collapses every run of whitespace (including non-breaking spaces) to one space and trims.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The text, or its start cut at a word boundary and ended with "…" when it is longer than <paramref name="max"/>.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', max - 1);
        cut = cut > max / 2 ? cut : char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>Strips a list marker ("•", "-", "*", "1.", "a)") at the start of a line.</summary>
    public static string StripListMarker(string line)
    {
        var s = line.TrimStart();
        if (s.Length >= 2 && (s[0] is '•' or '-' or '*' or '–' or '·' or '▪' or '◦') && char.IsWhiteSpace(s[1]))
        {
            return s[2..].TrimStart();
        }
        var i = 0;
        while (i < s.Length && i < 3 && char.IsDigit(s[i]))
        {
            i++;
        }
        if (i > 0 && i + 1 < s.Length && (s[i] is '.' or ')') && char.IsWhiteSpace(s[i + 1]))
        {
            return s[(i + 2)..].TrimStart();
        }
        return s;
    }

    public static bool HasHangul(string text) => HasHangul(text.AsSpan());

    public static bool HasHangul(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsHangul(c))
            {
                return true;
            }
        }
        return false;
    }

    public static double HangulShare(string text)
    {
        int letters = 0, hangul = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (IsHangul(c))
                {
                    hangul++;
                }
            }
        }
        return letters == 0 ? 0 : (double)hangul / letters;
    }

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F';
}
