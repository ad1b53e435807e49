namespace ChatBot.Core.Knowledge;

/// <summary>The on-disk index could not be read; the message says why.</summary>
internal sealed class UnreadableIndexException(Exception inner) : Exception(inner.Message, inner);
