namespace ChatBot.Core.Sources.Storing;

public enum StoreResult
{
    Added,
    Updated,
    Unchanged,

    /// <summary>The same text is already stored under another URL.</summary>
    Duplicate,
}
