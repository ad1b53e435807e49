namespace ChatBot.Core.Indexing;

/// <summary>
/// Field names of the Lucene index. Each corpus document is stored as one "document" entry
/// (metadata and cleaned text) plus one entry per passage; both carry the document id so a
/// changed file is replaced with a single delete-by-term.
/// </summary>
internal static class IndexSchema
{
    /// <summary>Bumped whenever fields or analysis change; a different version forces a rebuild.</summary>
    public const string Version = "3";

    public const string Kind = "kind";
    public const string KindDocument = "document";
    public const string KindPassage = "passage";

    public const string DocumentId = "doc";
    public const string PassageId = "pid";
    public const string Ordinal = "ord";
    public const string Heading = "heading";
    public const string Sentences = "sentences";
    public const string Text = "text";
    public const string TextCjk = "text_cjk";
    public const string Title = "title";

    public const string StoredTitle = "title_s";
    public const string Date = "date";
    public const string Url = "url";
    public const string Author = "author";
    public const string Publisher = "publisher";
    public const string Language = "lang";
    public const string Topics = "topics";
    public const string Hash = "hash";
    public const string CleanText = "clean";

    /// <summary>Separates stored sentences and topics; never occurs in document text.</summary>
    public const char Separator = '\u001E';

    public const string CommitSchemaKey = "schema";
    public const string CommitManifestKey = "manifest";
}
