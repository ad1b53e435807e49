namespace ChatBot.Core.Answers;

/// <summary>
/// The document-wide context of a line: its title and opening lines, and every term of the document
/// (with its text without spaces, for Korean forms).
/// </summary>
internal sealed class DocumentContext(AnalyzedLine lead, HashSet<string> terms, Func<string> compact)
{
    private string? _compact;

    public AnalyzedLine Lead => lead;

    public HashSet<string> Terms => terms;

    /// <summary>The document's text without spaces, made on first use: only Korean forms read it.</summary>
    public string Compact => _compact ??= compact();
}
