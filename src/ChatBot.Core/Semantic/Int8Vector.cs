using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChatBot.Core.Semantic;

/// <summary>
/// Symmetric int8 quantization of unit vectors (one scale per vector): a quarter of float32's
/// memory and bandwidth, which is what an exact scan over every passage is bound by, for a
/// cosine error far below the gaps between ranks that matter.
/// </summary>
public static class Int8Vector
{
    /// <summary>Writes the quantized <paramref name="vector"/> into <paramref name="destination"/> and returns its scale.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> destination)
    {
        var max = 0f;
        foreach (var value in vector)
        {
            max = MathF.Max(max, MathF.Abs(value));
        }
        var scale = max > 0 ? max / 127f : 1f;
        for (var i = 0; i < vector.Length; i++)
        {
            destination[i] = (sbyte)Math.Clamp((int)MathF.Round(vector[i] / scale), -127, 127);
        }
        return scale;
    }

    /// <summary>The integer dot product; multiply by both scales for the cosine.</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("vectors differ in length", nameof(b));
        }
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= Vector256<sbyte>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref ra, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref rb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(aLow, bLow));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(aHigh, bHigh));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>
    /// The query split for a scan over many rows: its magnitudes (unsigned) and its signs, so that
    /// AVX2 multiplies 32 byte pairs in one instruction (<c>vpsignb</c> moves the query's sign onto
    /// the row, <c>vpmaddubsw</c> multiplies unsigned by signed bytes) instead of widening both
    /// sides to 16 bits first. Values lie in [-127, 127], so the pairwise 16-bit sums cannot saturate.
    /// </summary>
    public sealed class Prepared
    {
        private readonly sbyte[] _query;
        private readonly byte[] _magnitudes;

        public Prepared(ReadOnlySpan<sbyte> query)
        {
            _query = query.ToArray();
            _magnitudes = new byte[query.Length];
            for (var i = 0; i < query.Length; i++)
            {
                _magnitudes[i] = (byte)Math.Abs((int)query[i]);
            }
        }

        public int Length => _query.Length;

        /// <summary>The integer dot product of the query with <paramref name="row"/> (as <see cref="Int8Vector.Dot"/>).</summary>
        public int Dot(ReadOnlySpan<sbyte> row)
        {
            if (row.Length != _query.Length)
            {
                throw new ArgumentException("vectors differ in length", nameof(row));
            }
            if (!Avx2.IsSupported || row.Length % Vector256<sbyte>.Count != 0)
            {
                return Int8Vector.Dot(row, _query);
            }
            ref var r = ref MemoryMarshal.GetReference(row);
            ref var q = ref MemoryMarshal.GetArrayDataReference(_query);
            ref var m = ref MemoryMarshal.GetArrayDataReference(_magnitudes);
            var ones = Vector256.Create((short)1);
            var acc = Vector256<int>.Zero;
            for (nuint i = 0; i < (nuint)row.Length; i += (nuint)Vector256<sbyte>.Count)
            {
                var signed = Avx2.Sign(Vector256.LoadUnsafe(ref r, i), Vector256.LoadUnsafe(ref q, i));
                var pairs = Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref m, i), signed);
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(pairs, ones));
            }
            return Vector256.Sum(acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cosine(ReadOnlySpan<sbyte> a, float scaleA, ReadOnlySpan<sbyte> b, float scaleB) => Dot(a, b) * scaleA * scaleB;
}
