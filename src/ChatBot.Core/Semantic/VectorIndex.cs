using ChatBot.Core.Corpus;

namespace ChatBot.Core.Semantic;

/// <summary>
/// The vectors of one snapshot's passages as one int8 matrix (row i = passage i) with exact
/// top-k by scanning every row: at 384 dimensions and 100,000 passages that is 38 MB read per
/// question, a few milliseconds, with no approximate index to build or tune.
/// Rows are filled by one writer (the embedding worker); readers only scan once
/// <see cref="IsComplete"/> is true.
/// </summary>
internal sealed class VectorIndex
{
    private readonly sbyte[] _matrix;
    private readonly float[] _scales;
    private readonly bool[] _present;
    private int _missing;
    private volatile bool _complete;
    private HashSet<Passage>? _members;

    public VectorIndex(object owner, IReadOnlyList<Passage> passages, IReadOnlyList<VectorKey> keys, int dimensions)
    {
        Owner = owner;
        Passages = passages;
        Keys = keys;
        Dimensions = dimensions;
        _matrix = new sbyte[(long)passages.Count * dimensions];
        _scales = new float[passages.Count];
        _present = new bool[passages.Count];
        _missing = passages.Count;
        _complete = passages.Count == 0;
    }

    /// <summary>The snapshot this index was built for.</summary>
    public object Owner { get; }

    public IReadOnlyList<Passage> Passages { get; }

    public IReadOnlyList<VectorKey> Keys { get; }

    public int Dimensions { get; }

    public int Count => Passages.Count;

    public int Missing => Volatile.Read(ref _missing);

    public bool IsComplete => _complete;

    public bool Has(int row) => _present[row];

    /// <summary>
    /// Whether <paramref name="passage"/> (this very instance: an edited passage is a new one) has
    /// a row here. Asked only while a newer snapshot waits for its vectors, so the set is built on
    /// first use rather than for every index.
    /// </summary>
    public bool Covers(Passage passage) =>
        LazyInitializer.EnsureInitialized(ref _members, () => new HashSet<Passage>(Passages, ReferenceEqualityComparer.Instance)).Contains(passage);

    public Span<sbyte> RowForWriting(int row) => _matrix.AsSpan(row * Dimensions, Dimensions);

    public ReadOnlySpan<sbyte> Row(int row) => _matrix.AsSpan(row * Dimensions, Dimensions);

    public float ScaleOf(int row) => _scales[row];

    /// <summary>Marks a row written through <see cref="RowForWriting"/>; the last one completes the index.</summary>
    public void Set(int row, float scale)
    {
        if (_present[row])
        {
            return;
        }
        _scales[row] = scale;
        _present[row] = true;
        if (Interlocked.Decrement(ref _missing) == 0)
        {
            _complete = true;
        }
    }

    /// <summary>
    /// Rows per part below which a scan stays on one thread: handing a part to another thread
    /// costs tens of microseconds, about what 16,000 rows take to scan.
    /// </summary>
    public const int MinRowsPerPart = 16_384;

    /// <summary>
    /// The <paramref name="k"/> rows most similar to the query, best first (cosine; equal
    /// similarity: lower row first). A large index is scanned in parts on every core: the scan
    /// is on the answer's critical path, right after the question's embedding.
    /// </summary>
    public IReadOnlyList<(int Row, float Similarity)> Nearest(ReadOnlySpan<sbyte> query, float queryScale, int k) =>
        Nearest(query, queryScale, k, Math.Clamp(Count / MinRowsPerPart, 1, Environment.ProcessorCount));

    /// <summary>
    /// As <see cref="Nearest(ReadOnlySpan{sbyte}, float, int)"/>, scanning in <paramref name="parts"/>
    /// parts at once with <paramref name="kernel"/> (default: the best this processor runs); the
    /// result depends on neither.
    /// </summary>
    internal IReadOnlyList<(int Row, float Similarity)> Nearest(ReadOnlySpan<sbyte> query, float queryScale, int k, int parts, Int8Vector.Kernel? kernel = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"the query has {query.Length} dimensions, not {Dimensions}", nameof(query));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        k = Math.Min(k, Count);
        if (k <= 0)
        {
            return [];
        }
        var prepared = new Int8Vector.Prepared(query, kernel ?? Int8Vector.BestKernel);
        parts = Math.Min(parts, Count);
        var size = (Count + parts - 1) / parts;
        // The other parts go to the pool; waiting runs any part no pool thread has started yet, so a
        // saturated pool costs nothing but the parallelism.
        var others = new Task<PriorityQueue<int, Ranked>>[parts - 1];
        for (var p = 1; p < parts; p++)
        {
            var from = p * size;
            var to = Math.Min(Count, from + size);
            others[p - 1] = Task.Run(() => Scan(prepared, from, to, k));
        }
        var best = Scan(prepared, 0, Math.Min(Count, size), k);
        var candidates = new List<(int Row, Ranked Rank)>(k * parts);
        candidates.AddRange(best.UnorderedItems);
        foreach (var other in others)
        {
            candidates.AddRange(other.Result.UnorderedItems);
        }
        // Each part holds its own best k under the same total order, so the best k of their union are the index's.
        candidates.Sort((a, b) => Ranked.WorstFirst.Compare(b.Rank, a.Rank));
        var result = new (int Row, float Similarity)[Math.Min(k, candidates.Count)];
        for (var i = 0; i < result.Length; i++)
        {
            var row = candidates[i].Row;
            result[i] = (row, Int8Vector.Cosine(Row(row), _scales[row], query, queryScale));
        }
        return result;
    }

    /// <summary>Rows scored per call of the kernel.</summary>
    private const int RowsPerChunk = 256;

    /// <summary>The best <paramref name="k"/> rows of [from, to) as a min-heap (its root is the worst kept).</summary>
    private PriorityQueue<int, Ranked> Scan(Int8Vector.Prepared query, int from, int to, int k)
    {
        // A min-heap of the best k so far: each row costs one comparison unless it enters the top.
        // Rows come in ascending order, so a row that only ties the worst kept never displaces it.
        var best = new PriorityQueue<int, Ranked>(k, Ranked.WorstFirst);
        var worst = float.NegativeInfinity;
        var matrix = _matrix.AsSpan();
        var scales = _scales.AsSpan();
        // Rows are scored a chunk at a time: the kernel takes four rows per pass over the query,
        // and the chunk keeps its dot products on the stack (256 rows of 384 bytes: 96 KB read, 1 KB written; the kernel prefetches within a chunk, so a long chunk leaves little unprefetched).
        Span<int> dots = stackalloc int[RowsPerChunk];
        for (var start = from; start < to; start += RowsPerChunk)
        {
            var count = Math.Min(RowsPerChunk, to - start);
            var chunk = dots[..count];
            query.Dots(matrix.Slice(start * Dimensions, count * Dimensions), chunk);
            var chunkScales = scales.Slice(start, count);
            for (var i = 0; i < chunk.Length; i++)
            {
                // The query's scale is the same for every row: it cannot change the order.
                var score = chunk[i] * chunkScales[i];
                if (best.Count < k)
                {
                    best.Enqueue(start + i, new Ranked(score, start + i));
                    if (best.Count == k)
                    {
                        best.TryPeek(out _, out var root);
                        worst = root.Score;
                    }
                }
                else if (score > worst)
                {
                    best.DequeueEnqueue(start + i, new Ranked(score, start + i));
                    best.TryPeek(out _, out var root);
                    worst = root.Score;
                }
            }
        }
        return best;
    }

    /// <summary>A row's place in the ranking: higher score first, then lower row, so ties rank the same however the scan is split.</summary>
    private readonly record struct Ranked(float Score, int Row)
    {
        /// <summary>Orders the worse of two first (the heap's root is the one to drop).</summary>
        public static readonly IComparer<Ranked> WorstFirst = Comparer<Ranked>.Create(
            (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Row.CompareTo(a.Row));
    }
}
