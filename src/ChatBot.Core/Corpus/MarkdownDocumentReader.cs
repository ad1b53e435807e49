namespace ChatBot.Core.Corpus;

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
