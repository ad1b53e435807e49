namespace ChatBot.Core.Sources;

/// <summary>One document stored under <c>&lt;data&gt;/sources</c>, keyed by its canonical URL.</summary>
/// <param name="RelativePath">Path under the sources folder, '/' separated.</param>
/// <param name="ContentHash">Hash of the extracted text: the same article under two URLs is stored once.</param>
/// <param name="Version">Feed item's updated date (or other marker) when it was stored; a new one means fetch again.</param>
public sealed record StoredSourceDocument(
    string Url,
    string SourceId,
    string RelativePath,
    string ContentHash,
    string? Version,
    string? ETag,
    string? LastModified,
    DateTimeOffset FirstStored,
    DateTimeOffset LastStored)
{
    /// <summary>
    /// The file's text as written, so other workers can write the same file; null when not known
    /// (a register row only pointing at another row's file, or a row read without its text).
    /// Saving a row with null keeps the text already stored.
    /// </summary>
    public string? Content { get; init; }
}
