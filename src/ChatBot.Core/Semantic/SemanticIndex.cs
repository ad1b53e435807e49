using System.Diagnostics;
using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Semantic;

/// <summary>
/// Dense retrieval over the knowledge base's passages. Each new snapshot is attached here; its
/// vectors come from the previous index, then the on-disk <see cref="VectorStore"/> (keyed by
/// passage text hash), and only the rest from the model, in the background, one batch at a time.
/// Until every passage of a snapshot has a vector, the previous complete index keeps serving
/// (its passages that are no longer current are skipped), and before the first one completes
/// answers are lexical.
/// </summary>
public sealed class SemanticIndex : IDisposable
{
    private readonly ITextEmbedder _embedder;
    private readonly SemanticOptions _options;
    private readonly ILogger<SemanticIndex> _logger;
    private readonly string _storePath;
    private readonly Lazy<VectorStore> _store;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _buildGate = new(1, 1);
    private readonly Lock _attachGate = new();
    private volatile VectorIndex? _serving;
    private volatile VectorIndex? _latest;
    private volatile string? _failure;
    private CancellationTokenSource? _building;
    private Task _current = Task.CompletedTask;
    private long _embedded;
    private int _queryFailures;

    public SemanticIndex(ITextEmbedder embedder, ChatBotPaths paths, IOptions<SemanticOptions> options, ILogger<SemanticIndex>? logger = null)
    {
        _embedder = embedder;
        _options = options.Value;
        _logger = logger ?? NullLogger<SemanticIndex>.Instance;
        var folder = string.IsNullOrWhiteSpace(_options.VectorsPath) ? "vectors" : _options.VectorsPath;
        _storePath = System.IO.Path.Combine(System.IO.Path.GetFullPath(folder, paths.DataPath), embedder.ModelId + ".vec");
        _store = new Lazy<VectorStore>(() => VectorStore.Open(_storePath, embedder.ModelId, embedder.Dimensions));
    }

    public bool Enabled => _options.Enabled;

    public int CandidatesPerRanking => _options.CandidatesPerRanking;

    /// <summary>The file this index keeps its vectors in.</summary>
    public string StorePath => _storePath;

    /// <summary>Whether answers fuse dense hits now (some snapshot's vectors are complete).</summary>
    public bool IsServing => _serving is not null;

    /// <summary>The index answers scan now (null: none yet); <c>bench</c> times its scan alone.</summary>
    internal VectorIndex? Serving => _serving;

    /// <summary>
    /// Completes when the latest attached snapshot has all its vectors, or its embedding failed
    /// or was superseded by a newer snapshot. Never faults: failures leave answers lexical.
    /// </summary>
    public Task WhenCurrent
    {
        get
        {
            lock (_attachGate)
            {
                return _current;
            }
        }
    }

    public SemanticStatus Status
    {
        get
        {
            var latest = _latest;
            return new SemanticStatus(Enabled, IsServing, latest?.Count ?? 0, latest?.Missing ?? 0, Interlocked.Read(ref _embedded), _failure);
        }
    }

    /// <summary>Takes a new snapshot's passages and starts computing what vectors it lacks.</summary>
    internal void Attach(object snapshot, IEnumerable<Passage> passages)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_attachGate)
        {
            _building?.Cancel();
            _building?.Dispose();
            var building = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
            _building = building;
            var list = passages.ToList();
            _current = Task.Run(() => BuildAsync(snapshot, list, building.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Fuses the lexical hits with the passages nearest to the question by reciprocal rank
    /// fusion; the lexical hits unchanged when no index serves yet. The question's embedding was
    /// started by <see cref="StartEmbedding"/>, and the lexical hits found while it ran.
    /// </summary>
    internal IReadOnlyList<RankedPassage> Retrieve(Task<float[]?> embedding, IReadOnlyList<RankedPassage> lexical, KnowledgeSnapshot snapshot, int maxHits)
    {
        // Waiting on a pool thread runs the embedding inline when no other thread has picked it up yet,
        // so a saturated pool delays nothing.
        var vector = embedding.Result;
        var index = _serving;
        return vector is null || index is null
            ? lexical.Take(maxHits).ToList()
            : Fuse(Nearest(index, vector, _options.CandidatesPerRanking, snapshot), lexical, index, snapshot, maxHits);
    }

    /// <summary>
    /// Starts embedding the question on the thread pool, so that the caller can search BM25 on its
    /// own core meanwhile (the embedding is most of hybrid retrieval's time). Null result: no index
    /// serves, the question is blank, or the model failed (answers stay lexical).
    /// </summary>
    internal Task<float[]?> StartEmbedding(string question) =>
        _serving is null || string.IsNullOrWhiteSpace(question)
            ? Task.FromResult<float[]?>(null)
            : Task.Run(() => EmbedQuestion(question));

    private IReadOnlyList<RankedPassage> Fuse(IReadOnlyList<(Passage Passage, float Similarity)> dense, IReadOnlyList<RankedPassage> lexical, VectorIndex index, KnowledgeSnapshot snapshot, int maxHits)
    {
        if (dense.Count == 0)
        {
            return lexical.Take(maxHits).ToList();
        }
        var byId = new Dictionary<string, RankedPassage>(StringComparer.Ordinal);
        foreach (var hit in lexical)
        {
            byId.TryAdd(hit.Passage.Id, hit);
        }
        var similarity = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (passage, cosine) in dense)
        {
            similarity[passage.Id] = cosine;
            if (!byId.ContainsKey(passage.Id) && snapshot.DocumentsById.TryGetValue(passage.DocumentId, out var document))
            {
                byId[passage.Id] = new RankedPassage(passage, document, 0);
            }
        }
        var fused = RankFusion.Reciprocal(
            [lexical.Select(h => h.Passage.Id).ToList(), dense.Select(d => d.Passage.Id).ToList()],
            _options.FusionK);
        if (!ReferenceEquals(index.Owner, snapshot))
        {
            fused = JudgeUnembeddedByRank(fused, lexical, index);
        }
        return fused
            .Where(f => byId.ContainsKey(f.Key))
            .Take(maxHits)
            .Select(f => byId[f.Key] with { Score = (float)f.Score, Similarity = similarity.TryGetValue(f.Key, out var s) ? s : null })
            .ToList();
    }

    /// <summary>
    /// While the index of an older snapshot serves, a passage added or edited since has no vector
    /// yet: the dense ranking cannot judge it, and fusion would rank a fresh document below every
    /// passage both rankings agree on (until its vectors are computed). Such a passage counts as
    /// if the dense ranking had placed it where BM25 did.
    /// </summary>
    private IReadOnlyList<(string Key, double Score)> JudgeUnembeddedByRank(IReadOnlyList<(string Key, double Score)> fused, IReadOnlyList<RankedPassage> lexical, VectorIndex index)
    {
        Dictionary<string, double>? bonus = null;
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            if (!index.Covers(lexical[rank].Passage))
            {
                bonus ??= new Dictionary<string, double>(StringComparer.Ordinal);
                bonus.TryAdd(lexical[rank].Passage.Id, 1.0 / (_options.FusionK + rank + 1));
            }
        }
        if (bonus is null)
        {
            return fused;
        }
        // A stable sort keeps RankFusion's tie order (first appearance).
        return fused
            .Select(f => (f.Key, Score: f.Score + bonus.GetValueOrDefault(f.Key)))
            .OrderByDescending(f => f.Score)
            .ToList();
    }

    /// <summary>The question's vector; null when the model failed (logged once).</summary>
    private float[]? EmbedQuestion(string question)
    {
        try
        {
            return _embedder.EmbedQuery(question, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken model must not take answering down with it: answer lexically, say so once.
            if (Interlocked.Increment(ref _queryFailures) == 1)
            {
                _logger.LogError(ex, "Embedding a question failed; answering lexically: {Message}", ex.Message);
            }
            return null;
        }
    }

    /// <summary>The passages of <paramref name="snapshot"/> nearest to the question's vector, best first; empty while no index serves.</summary>
    private static List<(Passage Passage, float Similarity)> Nearest(VectorIndex index, float[] vector, int k, KnowledgeSnapshot snapshot)
    {
        if (k <= 0)
        {
            return [];
        }
        var query = new sbyte[vector.Length];
        var scale = Int8Vector.Quantize(vector, query);
        var sameSnapshot = ReferenceEquals(index.Owner, snapshot);
        // An older index may hold passages since edited or removed: read deeper and skip them.
        var nearest = index.Nearest(query, scale, sameSnapshot ? k : k * 2);
        var hits = new List<(Passage, float)>(k);
        foreach (var (row, similarity) in nearest)
        {
            var passage = index.Passages[row];
            if (sameSnapshot || snapshot.PassagesById.TryGetValue(passage.Id, out var current) && ReferenceEquals(current, passage))
            {
                hits.Add((passage, similarity));
                if (hits.Count == k)
                {
                    break;
                }
            }
        }
        return hits;
    }

    private async Task BuildAsync(object snapshot, List<Passage> passages, CancellationToken cancellationToken)
    {
        try
        {
            await _buildGate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            Build(snapshot, passages, cancellationToken);
            _failure = null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Superseded by a newer snapshot or shutting down; vectors computed so far are stored.
        }
        catch (Exception ex)
        {
            _failure = ex.Message;
            _logger.LogError(ex, "Computing passage vectors failed; answers stay lexical: {Message}", ex.Message);
        }
        finally
        {
            _buildGate.Release();
        }
    }

    private void Build(object snapshot, List<Passage> passages, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var keys = passages.Select(p => VectorKey.Of(p.Text)).ToArray();
        var index = new VectorIndex(snapshot, passages, keys, _embedder.Dimensions);
        _latest = index;
        var store = _store.Value;

        var previous = _serving;
        var previousRows = new Dictionary<VectorKey, int>();
        if (previous is not null && previous.Dimensions == index.Dimensions)
        {
            for (var row = 0; row < previous.Count; row++)
            {
                previousRows.TryAdd(previous.Keys[row], row);
            }
        }
        var missing = new List<int>();
        for (var row = 0; row < passages.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (previousRows.TryGetValue(keys[row], out var old))
            {
                previous!.Row(old).CopyTo(index.RowForWriting(row));
                index.Set(row, previous.ScaleOf(old));
            }
            else if (store.TryRead(keys[row], index.RowForWriting(row), out var scale))
            {
                index.Set(row, scale);
            }
            else
            {
                missing.Add(row);
            }
        }
        if (missing.Count > 0)
        {
            _logger.LogInformation("Embedding {Missing} of {Passages} passages in the background ({Model})", missing.Count, passages.Count, _embedder.ModelId);
            Embed(index, missing, store, cancellationToken);
        }
        _serving = index;
        _logger.LogInformation(
            "Passage vectors ready: {Passages} passages, {Embedded} embedded, in {Elapsed} ms",
            passages.Count, missing.Count, (long)clock.Elapsed.TotalMilliseconds);

        var live = keys.ToHashSet();
        var stale = store.Count - live.Count;
        if (stale > 1000 && stale > live.Count)
        {
            store.Compact(live);
        }
    }

    private void Embed(VectorIndex index, List<int> missing, VectorStore store, CancellationToken cancellationToken)
    {
        // Enough passages per call for every thread to get several batches, few enough that
        // vectors reach the store (and a cancellation is seen) every second or so.
        var chunk = Math.Max(16, _options.BatchSize * _options.Threads * 4);
        for (var start = 0; start < missing.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = missing.GetRange(start, Math.Min(chunk, missing.Count - start));
            var vectors = _embedder.EmbedPassages(rows.Select(r => index.Passages[r].Text).ToList(), cancellationToken);
            if (vectors.Count != rows.Count)
            {
                throw new InvalidOperationException($"the embedder returned {vectors.Count} vectors for {rows.Count} passages");
            }
            var records = new List<(VectorKey, float, ReadOnlyMemory<sbyte>)>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                if (vectors[i].Length != index.Dimensions)
                {
                    throw new InvalidOperationException($"the embedder returned {vectors[i].Length} dimensions, not {index.Dimensions}");
                }
                var quantized = new sbyte[index.Dimensions];
                var scale = Int8Vector.Quantize(vectors[i], quantized);
                quantized.CopyTo(index.RowForWriting(rows[i]));
                records.Add((index.Keys[rows[i]], scale, quantized));
            }
            // Stored before the rows count as present, so a vector is never computed twice.
            store.Add(records);
            for (var i = 0; i < rows.Count; i++)
            {
                index.Set(rows[i], records[i].Item2);
            }
            Interlocked.Add(ref _embedded, rows.Count);
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        try
        {
            WhenCurrent.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        lock (_attachGate)
        {
            _building?.Dispose();
        }
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
        _disposed.Dispose();
        _buildGate.Dispose();
    }
}
