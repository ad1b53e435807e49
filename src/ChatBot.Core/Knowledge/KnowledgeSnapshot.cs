using System.Collections.Concurrent;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// An immutable view of one committed index: swapped as a whole after each refresh so readers
/// never see half an update. Per-term statistics are cached per snapshot, within a bound.
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

    /// <summary>Terms per IDF cache generation: questions bring any words at all, so the cache is bounded.</summary>
    public const int CachedIdfTermsPerGeneration = 50_000;

    public BoundedCache<double> Idf { get; } = new(CachedIdfTermsPerGeneration);

    /// <summary>Analyzed sentences (and title + heading) of passages, computed at refresh or on first use.</summary>
    public ConcurrentDictionary<string, AnalyzedPassage> Analyzed { get; } = new(StringComparer.Ordinal);

    /// <summary>A snapshot of freshly loaded documents (a full build: nothing to read back from disk).</summary>
    public static KnowledgeSnapshot From(IReadOnlyList<LoadedDocument> loaded) => From(new IndexSnapshotData(
        loaded.Select(d => d.Info).ToList(),
        loaded.ToDictionary(d => d.Info.Id, d => d.CleanText, StringComparer.Ordinal),
        loaded.SelectMany(d => d.Passages).ToList()));

    /// <summary>This snapshot with documents replaced or added and others removed (an incremental refresh).</summary>
    public KnowledgeSnapshot With(IReadOnlyList<LoadedDocument> loaded, IReadOnlyCollection<string> removed)
    {
        var gone = new HashSet<string>(removed, StringComparer.Ordinal);
        gone.UnionWith(loaded.Select(d => d.Info.Id));
        var documents = Documents.Where(d => !gone.Contains(d.Id)).Concat(loaded.Select(d => d.Info)).ToList();
        var texts = CleanTexts.Where(t => !gone.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var d in loaded)
        {
            texts[d.Info.Id] = d.CleanText;
        }
        var passages = PassagesByDocument.Where(p => !gone.Contains(p.Key)).SelectMany(p => p.Value).Concat(loaded.SelectMany(d => d.Passages)).ToList();
        return From(new IndexSnapshotData(documents, texts, passages));
    }

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
