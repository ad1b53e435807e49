namespace ChatBot.Core.Indexing;

/// <summary>Another process held the index's write lock for too long.</summary>
public sealed class IndexLockedException(string message, Exception inner) : IOException(message, inner);
