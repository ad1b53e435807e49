using ChatBot.Core.Corpus;

namespace ChatBot.Core.Digests;

/// <param name="CitationN">The citation number in <see cref="Digest.Body"/> of this item's key sentence.</param>
public sealed record DigestItem(DocumentInfo Document, DocumentChangeKind Change, int CitationN);
