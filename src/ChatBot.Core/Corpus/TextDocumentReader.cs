namespace ChatBot.Core.Corpus;

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
