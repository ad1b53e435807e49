using System.Text;

namespace ChatBot.Core.Corpus;

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
