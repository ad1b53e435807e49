namespace ChatBot.Core.Corpus;

/// <summary>A corpus file that cannot be used; the message is the reason shown to the operator.</summary>
public sealed class DocumentLoadException(string reason, Exception? inner = null) : Exception(reason, inner);
