namespace ChatBot.Core.Semantic;

/// <summary>
/// Turns text into unit-length vectors whose dot product is their cosine similarity. The seam
/// that lets tests count and fake embedding calls.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the vector space; vectors of different ids are never mixed.</summary>
    string ModelId { get; }

    int Dimensions { get; }

    /// <summary>Embeds a question (some models want a query prefix passages do not get).</summary>
    float[] EmbedQuery(string question, CancellationToken cancellationToken);

    /// <summary>Embeds passages, one vector per text, in order.</summary>
    IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
