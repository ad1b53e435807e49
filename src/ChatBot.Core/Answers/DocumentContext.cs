namespace ChatBot.Core.Answers;

/// <summary>
/// The document-wide context of a line: its title and opening lines, and every term of the document
/// (with its text without spaces, for Korean forms).
/// </summary>
internal sealed class DocumentContext(AnalyzedLine lead, Func<HashSet<string>> terms, Func<string> compact)
{
    private HashSet<string>? _terms;
    private string? _compact;

    public AnalyzedLine Lead => lead;

    /// <summary>Every term of the document, gathered on first use: only a concept missing from a line and its context looks here.</summary>
    public HashSet<string> Terms => _terms ??= terms();

    /// <summary>The document's text without spaces, made on first use: only Korean forms read it.</summary>
    public string Compact => _compact ??= compact();
}
