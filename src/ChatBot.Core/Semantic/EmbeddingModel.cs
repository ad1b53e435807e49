namespace ChatBot.Core.Semantic;

/// <summary>The sentence-embedding models that ship inside NuGet packages (nothing is downloaded at run time).</summary>
public enum EmbeddingModel
{
    /// <summary>Snowflake arctic-embed-xs (384 dimensions); questions carry the model's retrieval prefix.</summary>
    ArcticXs,

    /// <summary>all-MiniLM-L6-v2 (384 dimensions).</summary>
    MiniLM,
}
