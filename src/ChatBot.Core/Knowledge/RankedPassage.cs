using ChatBot.Core.Corpus;

namespace ChatBot.Core.Knowledge;

/// <param name="Score">BM25 score, or the fused score of hybrid retrieval; only its order and ratios mean anything.</param>
internal sealed record RankedPassage(Passage Passage, DocumentInfo Document, float Score)
{
    /// <summary>Cosine similarity to the question, when dense retrieval found this passage.</summary>
    public float? Similarity { get; init; }
}
