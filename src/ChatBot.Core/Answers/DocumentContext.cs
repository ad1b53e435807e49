using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>
/// The document-wide context of a line: its title and opening lines, and every term of the document
/// (with its text without spaces, for Korean forms). The terms come from the snapshot's
/// <see cref="DocumentTermSet"/> when it has been gathered, else from the document's text on first use.
/// </summary>
internal sealed class DocumentContext(AnalyzedLine lead, DocumentTermSet? indexed, Func<HashSet<string>> terms, Func<string> compact)
{
    private HashSet<string>? _terms;
    private string? _compact;

    public AnalyzedLine Lead => lead;

    /// <summary>Whether <paramref name="term"/> is a term of some sentence of the document.</summary>
    public bool HasTerm(string term) => indexed?.Contains(term) ?? Terms.Contains(term);

    /// <summary>Whether the document's text without spaces holds <paramref name="form"/> (a Korean form is never in a document without Hangul).</summary>
    public bool HasCompact(string form) =>
        !(indexed is { HasHangul: false } && Corpus.TextNormalizer.HasHangul(form)) && Compact.Contains(form, StringComparison.Ordinal);

    /// <summary>Reads what <see cref="HasTerm"/> and <see cref="HasCompact"/> will need ahead of them (nothing when the terms were gathered).</summary>
    public void Prepare(bool terms, bool compact)
    {
        if (terms && indexed is null)
        {
            _ = Terms;
        }
        if (compact && indexed is not { HasHangul: false })
        {
            _ = Compact;
        }
    }

    /// <summary>Every term of the document, gathered on first use: only a concept missing from a line and its context looks here.</summary>
    private HashSet<string> Terms => _terms ??= terms();

    /// <summary>The document's text without spaces, made on first use: only Korean forms read it.</summary>
    private string Compact => _compact ??= compact();
}
