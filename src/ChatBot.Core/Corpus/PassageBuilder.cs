namespace ChatBot.Core.Corpus;

/// <summary>
/// Groups a document's sentences into passages: headings open a passage (and name it), blocks are
/// added until the passage reaches its size target, and a single very long block is cut at
/// sentence boundaries. Sentences are never altered.
/// </summary>
public sealed class PassageBuilder(int targetChars = 700)
{
    public IReadOnlyList<Passage> Build(string documentId, IReadOnlyList<TextBlock> blocks)
    {
        var passages = new List<Passage>();
        var sentences = new List<string>();
        string? heading = null;
        var chars = 0;
        var hasBody = false;

        void Flush()
        {
            if (sentences.Count > 0)
            {
                var ordinal = passages.Count;
                passages.Add(new Passage($"{documentId}#{ordinal}", documentId, ordinal, heading, sentences.ToList()));
            }
            sentences.Clear();
            chars = 0;
            heading = null;
            hasBody = false;
        }

        foreach (var block in blocks)
        {
            // A "heading" longer than any sentence is body text in disguise: it is split like one.
            var isHeading = (block.IsHeading && block.Text.Length <= SentenceSplitter.MaxSentenceChars) || LooksLikeHeading(block.Text);
            if (isHeading)
            {
                if (hasBody)
                {
                    Flush();
                }
                heading ??= block.Text;
                sentences.Add(block.Text);
                chars += block.Text.Length;
                continue;
            }

            if (hasBody && chars + block.Text.Length > targetChars * 3 / 2)
            {
                Flush();
            }
            foreach (var sentence in SentenceSplitter.Split(block.Text))
            {
                if (hasBody && chars >= targetChars * 2)
                {
                    Flush();
                }
                sentences.Add(sentence);
                chars += sentence.Length;
                hasBody = true;
            }
            if (chars >= targetChars)
            {
                Flush();
            }
        }
        Flush();
        return passages;
    }

    /// <summary>A short line without terminal punctuation: a heading, byline or date line.</summary>
    public static bool LooksLikeHeading(string text) =>
        text.Length <= 160 && text.Length > 0 && text[^1] is not ('.' or '!' or '?' or ':' or ';' or ',' or '"' or '”');
}
