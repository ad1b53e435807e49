namespace ChatBot.Core.Semantic;

/// <summary>How a model's token vectors become one sentence vector.</summary>
public enum SentencePooling
{
    /// <summary>The first ([CLS]) token's vector (arctic-embed).</summary>
    Cls,

    /// <summary>The mean of the token vectors the attention mask keeps (MiniLM).</summary>
    Mean,
}
