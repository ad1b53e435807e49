using System.Diagnostics;
using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using ChatBot.Core.Semantic;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Owns the index directory, the searchers and an in-memory snapshot of documents and passages
/// (read back from the index once per refresh, so answering never re-reads files).
/// </summary>
public sealed class KnowledgeBase : IKnowledgeBase, IDisposable
{
    private readonly ChatBotPaths _paths;
    private readonly CorpusLoader _loader;
    private readonly ILogger<KnowledgeBase> _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly long _maxFileBytes;
    // Replaced (not reused) when a refresh succeeds after a failed first load, so a worker whose
    // corpus was missing at start-up becomes ready once it appears.
    private volatile TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<PassageIndex> _index;
    private volatile KnowledgeSnapshot _snapshot = KnowledgeSnapshot.Empty;
    // The index commit the snapshot reflects; -1 before the first load.
    private long _snapshotGeneration = -1;
    private readonly SemanticIndex? _semantic;

    public KnowledgeBase(ChatBotPaths paths, IOptions<IndexOptions> options, ILogger<KnowledgeBase>? logger = null, SemanticIndex? semantic = null)
    {
        _paths = paths;
        _semantic = semantic;
        _logger = logger ?? NullLogger<KnowledgeBase>.Instance;
        _loader = new CorpusLoader(options.Value.PassageChars);
        _maxFileBytes = options.Value.MaxFileBytes;
        Analysis = new TextAnalysis();
        var synonymsPath = Path.GetFullPath(options.Value.SynonymsPath, AppContext.BaseDirectory);
        Synonyms = Synonyms.Load(synonymsPath);
        if (Synonyms.Groups.Count == 0)
        {
            _logger.LogWarning("No synonyms loaded from {Path}", synonymsPath);
        }
        _index = new Lazy<PassageIndex>(() => new PassageIndex(paths.IndexPath, Analysis));
    }

    public TextAnalysis Analysis { get; }

    /// <summary>Completes when the background analysis of the current snapshot's passages is done.</summary>
    internal Task WarmUp { get; private set; } = Task.CompletedTask;

    public Synonyms Synonyms { get; }

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WhenReady => _ready.Task;

    public IReadOnlyList<DocumentInfo> Documents => _snapshot.Documents;

    internal KnowledgeSnapshot Snapshot => _snapshot;

    public IReadOnlyList<Passage> PassagesOf(string documentId) =>
        _snapshot.PassagesByDocument.TryGetValue(documentId, out var passages) ? passages : [];

    public DocumentInfo? Document(string documentId) => _snapshot.DocumentsById.GetValueOrDefault(documentId);

    /// <summary>The cleaned text of a document (blocks separated by newlines); every quote is a substring of it.</summary>
    public string? CleanTextOf(string documentId) => _snapshot.CleanTexts.GetValueOrDefault(documentId)?.ToString();

    public async Task<IndexReport> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var report = await Task.Run(() => RefreshOrRecoverAsync(rebuild, progress, cancellationToken), cancellationToken);
            if (_ready.Task.IsFaulted)
            {
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _ready.TrySetResult();
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed refresh with an index already loaded keeps serving the old one.
            if (!IsReady)
            {
                _ready.TrySetException(ex);
            }
            throw;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// An index that cannot be read (a damaged or truncated file, a missing segment) is derived
    /// data: it is discarded and rebuilt from the corpus, while answers keep coming from the
    /// snapshot already in memory, if there is one.
    /// </summary>
    private async Task<IndexReport> RefreshOrRecoverAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await RefreshCoreAsync(rebuild, reopen: false, progress, cancellationToken);
        }
        catch (UnreadableIndexException ex)
        {
            _logger.LogWarning(ex.InnerException,
                "The index in {Path} cannot be read ({Reason}); rebuilding it from the corpus{Meanwhile}",
                _paths.IndexPath, ex.Message, _snapshot.Documents.Count > 0 ? ", answering from the last good snapshot meanwhile" : "");
            _index.Value.DiscardFiles();
            return await RefreshCoreAsync(rebuild: true, reopen: true, progress, cancellationToken);
        }
    }

    /// <summary>Reads the index, turning any failure but a busy write lock (another process is writing) into <see cref="UnreadableIndexException"/>.</summary>
    private static T ReadIndex<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LockObtainFailedException or IndexLockedException or OutOfMemoryException or UnreadableIndexException))
        {
            throw new UnreadableIndexException(ex);
        }
    }

    private async Task<IndexReport> RefreshCoreAsync(bool rebuild, bool reopen, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scan = DiscoverFiles();
        var files = scan.Files;
        var index = _index.Value;
        var commit = rebuild ? null : ReadIndex(index.ReadCommit);
        var previous = commit?.Manifest;
        var create = previous is null;
        previous ??= new Dictionary<string, ManifestEntry>();

        var manifest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var skipped = scan.Skipped.Select(s => new SkippedFile(s.Path, s.Reason)).ToList();
        // Hard links, file links and copies of one file would otherwise be cited as separate sources.
        var pathsByHash = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = new List<DocumentInfo>();
        var changed = new List<DocumentInfo>();
        var removed = new List<string>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var toWrite = new List<LoadedDocument>();
        var done = 0;

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new IndexProgress(done, files.Count, file.RelativePath));
            done++;
            if (!seenIds.Add(file.DocumentId))
            {
                skipped.Add(new SkippedFile(file.RelativePath, $"another file already has the document id '{file.DocumentId}'"));
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = await CorpusFileReader.ReadAsync(file, _maxFileBytes, cancellationToken);
            }
            catch (DocumentLoadException ex)
            {
                skipped.Add(new SkippedFile(file.RelativePath, ex.Message));
                continue;
            }
            var hash = CorpusLoader.HashOf(bytes);
            if (!pathsByHash.TryAdd(hash, file.RelativePath))
            {
                skipped.Add(new SkippedFile(file.RelativePath, $"same content as '{pathsByHash[hash]}'"));
                continue;
            }
            if (previous.TryGetValue(file.RelativePath, out var old) && old.Hash == hash)
            {
                manifest[file.RelativePath] = old;
                continue;
            }
            try
            {
                var loaded = _loader.Load(file, bytes);
                toWrite.Add(loaded);
                manifest[file.RelativePath] = new ManifestEntry(file.DocumentId, hash);
                (previous.ContainsKey(file.RelativePath) ? changed : added).Add(loaded.Info);
            }
            catch (DocumentLoadException ex)
            {
                skipped.Add(new SkippedFile(file.RelativePath, ex.Message));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A parser bug on one odd file must not stop the rest of the corpus from loading.
                skipped.Add(new SkippedFile(file.RelativePath, $"unreadable: {ex.Message}"));
            }
        }
        progress?.Report(new IndexProgress(files.Count, files.Count, null));

        foreach (var (path, entry) in previous)
        {
            if (!manifest.ContainsKey(path))
            {
                removed.Add(entry.DocumentId);
            }
        }

        var reindexed = create || toWrite.Count > 0 || removed.Count > 0;
        // Another process (the `index` command beside a running worker) may have committed since
        // this snapshot was taken; then the snapshot is read back from disk instead of patched.
        long generation;
        bool behind;
        if (reindexed)
        {
            using var update = ReadIndex(() => index.BeginUpdate(create));
            behind = update.BaseGeneration != _snapshotGeneration;
            foreach (var id in removed)
            {
                update.Remove(id);
            }
            foreach (var loaded in toWrite)
            {
                cancellationToken.ThrowIfCancellationRequested();
                update.Replace(loaded);
            }
            generation = update.Commit(manifest);
        }
        else
        {
            generation = commit!.Generation;
            behind = generation != _snapshotGeneration;
        }
        ReadIndex(() =>
        {
            index.RefreshSearchers(reopen);
            return true;
        });
        KnowledgeSnapshot snapshot;
        if (create)
        {
            snapshot = KnowledgeSnapshot.From(toWrite);
        }
        else if (behind)
        {
            var data = ReadIndex(index.ReadAll);
            snapshot = KnowledgeSnapshot.From(data);
            generation = data.Generation;
            if (_snapshotGeneration >= 0)
            {
                _logger.LogInformation("The index was changed by another process; reloaded commit {Generation}: {Documents} documents", generation, snapshot.Documents.Count);
            }
        }
        else
        {
            snapshot = reindexed ? _snapshot.With(toWrite, removed) : _snapshot;
        }
        Publish(snapshot, generation);
        var report = new IndexReport(snapshot.Documents.Count, snapshot.PassageCount, skipped, added, changed, removed, reindexed, clock.Elapsed);
        _logger.LogDebug(
            "Index ready: {Documents} documents, {Passages} passages ({Added} added, {Changed} changed, {Removed} removed, {Skipped} skipped) in {Elapsed} ms",
            report.Documents, report.Passages, added.Count, changed.Count, removed.Count, skipped.Count, (long)clock.Elapsed.TotalMilliseconds);
        return report;
    }

    private void Publish(KnowledgeSnapshot snapshot, long generation)
    {
        Volatile.Write(ref _snapshotGeneration, generation);
        if (!ReferenceEquals(snapshot, _snapshot))
        {
            _snapshot = snapshot;
            WarmUp = Task.Run(() => Analyze(snapshot), CancellationToken.None);
            _semantic?.Attach(snapshot, snapshot.PassagesById.Values);
        }
    }

    /// <summary>
    /// Reloads the snapshot when another process committed to the index since it was taken, without
    /// reading the corpus (one directory listing when nothing changed). Digests call it before
    /// comparing documents, so a document the `index` command added is not taken for removed.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!IsReady || !_index.IsValueCreated)
        {
            return;
        }
        var index = _index.Value;
        try
        {
            if (index.LastCommitGeneration == Volatile.Read(ref _snapshotGeneration))
            {
                return;
            }
        }
        catch (IOException)
        {
            return; // no index on disk at the moment: the next refresh deals with it
        }
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (index.LastCommitGeneration == _snapshotGeneration)
            {
                return;
            }
            await Task.Run(() =>
            {
                index.RefreshSearchers();
                var data = index.ReadAll();
                var snapshot = KnowledgeSnapshot.From(data);
                Publish(snapshot, data.Generation);
                _logger.LogInformation("The index was changed by another process; reloaded commit {Generation}: {Documents} documents", data.Generation, snapshot.Documents.Count);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next refresh rebuilds an unreadable index; until then the current snapshot serves.
            _logger.LogWarning(ex, "Reloading the index changed by another process failed: {Message}", ex.Message);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// The corpus files, then the documents fetched from public sources (<c>&lt;data&gt;/sources</c>),
    /// whose ids start with <c>sources/</c> so they never collide with corpus paths.
    /// </summary>
    private CorpusScan DiscoverFiles()
    {
        var corpus = _loader.Scan(_paths.CorpusPath);
        if (!System.IO.Directory.Exists(_paths.SourcesPath))
        {
            return corpus;
        }
        var sources = _loader.Scan(_paths.SourcesPath);
        return new CorpusScan(
            [.. corpus.Files, .. sources.Files.Select(f => new CorpusFile(f.FullPath, SourcesPrefix + f.RelativePath, SourcesPrefix + f.DocumentId))],
            [.. corpus.Skipped, .. sources.Skipped.Select(s => s with { Path = SourcesPrefix + s.Path })]);
    }

    /// <summary>Prefix of the ids (and manifest paths) of fetched documents.</summary>
    public const string SourcesPrefix = "sources/";

    /// <summary>Runs a query on the current searcher and maps hits to passages of the snapshot.</summary>
    internal IReadOnlyList<RankedPassage> Search(Query query, int maxHits)
    {
        var snapshot = _snapshot;
        var index = _index.Value;
        var searcher = index.AcquireSearcher();
        try
        {
            var top = searcher.Search(query, maxHits);
            var hits = new List<RankedPassage>(top.ScoreDocs.Length);
            var leaves = searcher.IndexReader.Leaves;
            var bytes = new Lucene.Net.Util.BytesRef();
            foreach (var scoreDoc in top.ScoreDocs)
            {
                var leaf = leaves[ReaderUtil.SubIndex(scoreDoc.Doc, leaves)];
                var ids = leaf.AtomicReader.GetSortedDocValues(IndexSchema.PassageId);
                if (ids is null)
                {
                    continue;
                }
                ids.Get(scoreDoc.Doc - leaf.DocBase, bytes);
                if (bytes.Length > 0 && snapshot.PassagesById.TryGetValue(bytes.Utf8ToString(), out var passage))
                {
                    hits.Add(new RankedPassage(passage, snapshot.DocumentsById[passage.DocumentId], scoreDoc.Score));
                }
            }
            return hits;
        }
        finally
        {
            index.ReleaseSearcher(searcher);
        }
    }

    /// <summary>
    /// Hybrid retrieval: the BM25 hits of <paramref name="query"/> fused with the passages whose
    /// vectors are nearest to <paramref name="question"/> (see <see cref="SemanticIndex"/>). The
    /// same hits as <see cref="Search"/> when the semantic layer is off or its vectors are not
    /// computed yet.
    /// </summary>
    internal IReadOnlyList<RankedPassage> SearchHybrid(string question, Query query, int maxHits)
    {
        if (_semantic is not { IsServing: true } semantic)
        {
            return Search(query, maxHits);
        }
        var snapshot = _snapshot;
        return semantic.Retrieve(question, Search(query, Math.Max(maxHits, semantic.CandidatesPerRanking)), snapshot, maxHits);
    }

    internal IReadOnlyList<IReadOnlyList<string>> SentenceTermsOf(Passage passage) => AnalyzedOf(_snapshot, passage).Sentences;

    internal IReadOnlyList<string> TitleTermsOf(Passage passage, DocumentInfo document) => AnalyzedOf(_snapshot, passage, document).Title;

    private AnalyzedPassage AnalyzedOf(KnowledgeSnapshot snapshot, Passage passage, DocumentInfo? document = null) =>
        snapshot.Analyzed.GetOrAdd(passage.Id, _ => new AnalyzedPassage(
            passage.Sentences.Select(Analysis.EnglishTerms).ToList(),
            Analysis.EnglishTerms((document ?? snapshot.DocumentsById[passage.DocumentId]).Title + " " + (passage.Heading ?? ""))));

    /// <summary>
    /// Analyzes every passage in the background after a refresh (one thread, so answering keeps a
    /// core), so answers rarely pay for it; passages not reached yet are analyzed on first use. A
    /// corpus larger than the analysis cache is only analysed on use: warming it would just churn.
    /// </summary>
    private void Analyze(KnowledgeSnapshot snapshot)
    {
        if (snapshot.PassageCount > KnowledgeSnapshot.AnalyzedPassagesPerGeneration)
        {
            return;
        }
        foreach (var passage in snapshot.PassagesById.Values)
        {
            if (!ReferenceEquals(snapshot, _snapshot))
            {
                return;
            }
            AnalyzedOf(snapshot, passage);
        }
    }

    /// <summary>A bare Lucene search (no mapping to passages); the benchmark's baseline.</summary>
    internal TopDocs SearchTopDocs(Query query, int maxHits)
    {
        var index = _index.Value;
        var searcher = index.AcquireSearcher();
        try
        {
            return searcher.Search(query, maxHits);
        }
        finally
        {
            index.ReleaseSearcher(searcher);
        }
    }

    /// <summary>Inverse document frequency of an English term over passages (BM25 form).</summary>
    internal double Idf(string term)
    {
        var snapshot = _snapshot;
        return snapshot.Idf.GetOrAdd(term, t =>
        {
            var index = _index.Value;
            var searcher = index.AcquireSearcher();
            try
            {
                var field = TextNormalizer.HasHangul(t) ? IndexSchema.TextCjk : IndexSchema.Text;
                var df = searcher.IndexReader.DocFreq(new Term(field, t));
                var n = Math.Max(1, snapshot.PassageCount);
                return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
            }
            finally
            {
                index.ReleaseSearcher(searcher);
            }
        });
    }

    public void Dispose()
    {
        if (_index.IsValueCreated)
        {
            _index.Value.Dispose();
        }
        Analysis.Dispose();
        _refreshGate.Dispose();
    }
}

/// <param name="Score">BM25 score, or the fused score of hybrid retrieval; only its order and ratios mean anything.</param>
internal sealed record RankedPassage(Passage Passage, DocumentInfo Document, float Score)
{
    /// <summary>Cosine similarity to the question, when dense retrieval found this passage.</summary>
    public float? Similarity { get; init; }
}

/// <summary>The on-disk index could not be read; the message says why.</summary>
internal sealed class UnreadableIndexException(Exception inner) : Exception(inner.Message, inner);
