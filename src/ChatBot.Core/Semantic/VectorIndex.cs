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

    /// <summary>The <paramref name="k"/> rows most similar to the query, best first (cosine).</summary>
    public IReadOnlyList<(int Row, float Similarity)> Nearest(ReadOnlySpan<sbyte> query, float queryScale, int k)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"the query has {query.Length} dimensions, not {Dimensions}", nameof(query));
        }
        k = Math.Min(k, Count);
        if (k <= 0)
        {
            return [];
        }
        var prepared = new Int8Vector.Prepared(query);
        // A min-heap of the best k so far: each row costs one comparison unless it enters the top.
        var best = new PriorityQueue<int, float>(k);
        var worst = float.NegativeInfinity;
        var matrix = _matrix.AsSpan();
        for (var row = 0; row < Count; row++)
        {
            // The query's scale is the same for every row: it cannot change the order.
            var score = prepared.Dot(matrix.Slice(row * Dimensions, Dimensions)) * _scales[row];
            if (best.Count < k)
            {
                best.Enqueue(row, score);
                if (best.Count == k)
                {
                    best.TryPeek(out _, out worst);
                }
            }
            else if (score > worst)
            {
                best.DequeueEnqueue(row, score);
                best.TryPeek(out _, out worst);
            }
        }
        var result = new (int Row, float Similarity)[best.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            var row = best.Dequeue();
            result[i] = (row, Int8Vector.Cosine(Row(row), _scales[row], query, queryScale));
        }
        return result;
    }
}
