using System.Collections.Concurrent;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// An immutable view of one committed index: swapped as a whole after each refresh so readers
/// never see half an update. Per-term statistics are cached per snapshot.
/// </summary>
internal sealed class KnowledgeSnapshot
{
    public static KnowledgeSnapshot Empty { get; } = From(new IndexSnapshotData([], new Dictionary<string, string>(), []));

    public required IReadOnlyList<DocumentInfo> Documents { get; init; }

    public required IReadOnlyDictionary<string, DocumentInfo> DocumentsById { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<Passage>> PassagesByDocument { get; init; }

    public required IReadOnlyDictionary<string, Passage> PassagesById { get; init; }

    public required IReadOnlyDictionary<string, string> CleanTexts { get; init; }

    public required int PassageCount { get; init; }

    public ConcurrentDictionary<string, double> Idf { get; } = new(StringComparer.Ordinal);

    /// <summary>Analyzed sentences of passages, computed on first use.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<IReadOnlyList<string>>> SentenceTerms { get; } = new(StringComparer.Ordinal);

    public static KnowledgeSnapshot From(IndexSnapshotData data)
    {
        var documents = data.Documents
            .OrderByDescending(d => d.Date ?? DateOnly.MinValue)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var byDocument = data.Passages
            .GroupBy(p => p.DocumentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Passage>)g.OrderBy(p => p.Ordinal).ToList(), StringComparer.Ordinal);
        return new KnowledgeSnapshot
        {
            Documents = documents,
            DocumentsById = documents.ToDictionary(d => d.Id, StringComparer.Ordinal),
            PassagesByDocument = byDocument,
            PassagesById = data.Passages.ToDictionary(p => p.Id, StringComparer.Ordinal),
            CleanTexts = data.CleanTexts,
            PassageCount = data.Passages.Count,
        };
    }
}
