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

    /// <summary>Each document's cleaned text, held once: its passages' sentences are slices of it.</summary>
    public required IReadOnlyDictionary<string, StoredText> CleanTexts { get; init; }

    public required int PassageCount { get; init; }

    /// <summary>Terms per IDF cache generation: questions bring any words at all, so the cache is bounded.</summary>
    public const int CachedIdfTermsPerGeneration = 50_000;

    public BoundedCache<double> Idf { get; } = new(CachedIdfTermsPerGeneration);

    /// <summary>
    /// Passages per analysis cache generation. A corpus up to this size is analysed whole after a
    /// refresh; a larger one on first use, keeping what answers reach, so memory does not grow
    /// with the corpus.
    /// </summary>
    public const int AnalyzedPassagesPerGeneration = 5_000;

    /// <summary>Analyzed sentences (and title + heading) of passages, computed at refresh or on first use.</summary>
    public BoundedCache<AnalyzedPassage> Analyzed { get; } = new(AnalyzedPassagesPerGeneration);

    private volatile DocumentTerms? _documentTerms;

    /// <summary>Every term of every document, once the background pass after the refresh has gathered them (null until then).</summary>
    public DocumentTerms? DocumentTerms
    {
        get => _documentTerms;
        set => _documentTerms = value;
    }

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
        var stored = CleanTexts.Where(t => !gone.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var passages = PassagesByDocument.Where(p => !gone.Contains(p.Key)).SelectMany(p => p.Value).Concat(loaded.SelectMany(d => d.Passages));
        return Create(documents, stored, loaded.ToDictionary(d => d.Info.Id, d => d.CleanText, StringComparer.Ordinal), passages);
    }

    public static KnowledgeSnapshot From(IndexSnapshotData data) =>
        Create(data.Documents, new Dictionary<string, StoredText>(StringComparer.Ordinal), data.CleanTexts, data.Passages);

    /// <param name="stored">Texts of documents kept from a previous snapshot (their passages are sliced already).</param>
    /// <param name="fresh">Texts of documents new to this snapshot: stored here, their passages sliced from them.</param>
    private static KnowledgeSnapshot Create(
        IEnumerable<DocumentInfo> documentList,
        Dictionary<string, StoredText> stored,
        IReadOnlyDictionary<string, string> fresh,
        IEnumerable<Passage> passages)
    {
        var documents = documentList
            .OrderByDescending(d => d.Date ?? DateOnly.MinValue)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var (id, text) in fresh)
        {
            stored[id] = new StoredText(text);
        }
        var byDocument = new Dictionary<string, IReadOnlyList<Passage>>(StringComparer.Ordinal);
        var passagesById = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var group in passages.GroupBy(p => p.DocumentId, StringComparer.Ordinal))
        {
            var finder = fresh.TryGetValue(group.Key, out var text) ? stored[group.Key].Finder(text) : null;
            var documentId = byId.TryGetValue(group.Key, out var document) ? document.Id : group.Key;
            var list = group.OrderBy(p => p.Ordinal).Select(p => Slice(p, finder, documentId)).ToList();
            byDocument[group.Key] = list;
            foreach (var passage in list)
            {
                passagesById[passage.Id] = passage;
            }
        }
        return new KnowledgeSnapshot
        {
            Documents = documents,
            DocumentsById = byId,
            PassagesByDocument = byDocument,
            PassagesById = passagesById,
            CleanTexts = stored,
            PassageCount = passagesById.Count,
        };
    }

    /// <summary>The passage with its sentences as slices of the stored document text (unchanged when they are not all found in it).</summary>
    private static Passage Slice(Passage passage, StoredText.SliceFinder? finder, string documentId)
    {
        if (finder is null || StoredText.IsSliced(passage.Sentences) || finder.SlicesOf(passage.Sentences) is not { } slices)
        {
            return passage;
        }
        // One document id string for all of its passages (the index hands back a copy per passage).
        return passage with { DocumentId = documentId, Sentences = slices };
    }
}
