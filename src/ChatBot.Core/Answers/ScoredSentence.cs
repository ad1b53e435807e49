using ChatBot.Core.Corpus;

namespace ChatBot.Core.Answers;

/// <summary>A candidate sentence with why it scored what it did.</summary>
internal sealed record ScoredSentence(
    Passage Passage,
    DocumentInfo Document,
    int Index,
    double Score,
    double Coverage,
    IReadOnlySet<int> Matched,
    IReadOnlySet<int> TitleMatched)
{
    public string Text => Passage.Sentences[Index];
}
