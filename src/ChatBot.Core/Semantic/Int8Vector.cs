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

    /// <summary>The instruction sequences <see cref="Prepared"/> can scan with; all give the same integers.</summary>
    public enum Kernel
    {
        /// <summary>One multiply-add per byte pair: any processor.</summary>
        Scalar,

        /// <summary>
        /// AVX2: <c>vpabsb</c> takes the row's magnitudes (unsigned), <c>vpsignb</c> moves the row's
        /// sign onto the query, <c>vpmaddubsw</c> multiplies unsigned by signed bytes into 16-bit
        /// pair sums and <c>vpmaddwd</c> widens them. Exact while the query holds no -128 (a pair
        /// sum is then at most 2·128·127, below 16-bit saturation); a query with -128 is scanned by
        /// the scalar kernel instead (quantized vectors never hold -128: see <see cref="Quantize"/>).
        /// </summary>
        Avx2,

        /// <summary>
        /// AVX-VNNI: <c>vpdpbusd</c> multiplies 32 unsigned by 32 signed bytes and adds each four
        /// products to a 32-bit lane in one instruction, with no 16-bit step to saturate. The row
        /// is made unsigned by flipping its top bit (r + 128, exact for all of -128..127) and the
        /// query's own sum times 128, computed once per query, is subtracted at the end.
        /// </summary>
        AvxVnni,
    }

    /// <summary>The fastest kernel this processor runs.</summary>
    public static Kernel BestKernel =>
        AvxVnni.IsSupported ? Kernel.AvxVnni : Avx2.IsSupported ? Kernel.Avx2 : Kernel.Scalar;

    /// <summary>Whether this processor can run <paramref name="kernel"/>.</summary>
    public static bool Supports(Kernel kernel) => kernel switch
    {
        Kernel.Scalar => true,
        Kernel.Avx2 => Avx2.IsSupported,
        Kernel.AvxVnni => AvxVnni.IsSupported,
        _ => false,
    };

    /// <summary>
    /// A query prepared for a scan over many rows: the kernel is chosen once, the query's
    /// per-query constants computed once, and rows are taken four at a time so that each
    /// 32-byte block of the query is loaded once for four rows and four horizontal sums share
    /// their shuffles. Every kernel returns the same integers as the plain sum of products, for
    /// every byte value (-128 included) and every length (a length that is not a multiple of 32
    /// ends in scalar steps).
    /// </summary>
    public sealed class Prepared
    {
        /// <summary>Bytes per vector block.</summary>
        private const int Block = 32;

        /// <summary>How far ahead of the rows being scored their successors are prefetched.</summary>
        private const int PrefetchDistance = 4096;

        private const int CacheLine = 64;

        private readonly sbyte[] _query;
        private readonly int _blocked;
        private readonly int _vnniBias;

        public Prepared(ReadOnlySpan<sbyte> query)
            : this(query, BestKernel)
        {
        }

        /// <summary>As <see cref="Prepared(ReadOnlySpan{sbyte})"/> with a given kernel (tests compare them).</summary>
        public Prepared(ReadOnlySpan<sbyte> query, Kernel kernel)
        {
            if (!Supports(kernel))
            {
                throw new PlatformNotSupportedException($"this processor does not run the {kernel} kernel");
            }
            _query = query.ToArray();
            _blocked = query.Length - query.Length % Block;
            if (kernel == Kernel.Avx2 && query.Contains(sbyte.MinValue))
            {
                kernel = Kernel.Scalar;
            }
            Kernel = kernel;
            var blockedSum = 0;
            foreach (var q in query[.._blocked])
            {
                blockedSum += q;
            }
            _vnniBias = 128 * blockedSum;
        }

        public int Length => _query.Length;

        /// <summary>The kernel in use (<see cref="Kernel.Avx2"/> asked for with a -128 in the query is <see cref="Kernel.Scalar"/>).</summary>
        public Kernel Kernel { get; }

        /// <summary>The integer dot product of the query with <paramref name="row"/> (as <see cref="Int8Vector.Dot"/>).</summary>
        public int Dot(ReadOnlySpan<sbyte> row)
        {
            Span<int> dot = stackalloc int[1];
            Dots(row, dot);
            return dot[0];
        }

        /// <summary>
        /// The dot products of the query with each of the rows laid end to end in
        /// <paramref name="rows"/> (row i at i·<see cref="Length"/>), into <paramref name="destination"/>.
        /// </summary>
        public void Dots(ReadOnlySpan<sbyte> rows, Span<int> destination)
        {
            var count = destination.Length;
            if ((long)count * _query.Length != rows.Length)
            {
                throw new ArgumentException($"{rows.Length} bytes are not {count} rows of {_query.Length}", nameof(rows));
            }
            if (_query.Length == 0)
            {
                destination.Clear();
                return;
            }
            // The kernels are static and take everything as arguments, so the row loop keeps the
            // query's address, length and block end in registers rather than reloading fields.
            ref var first = ref MemoryMarshal.GetReference(rows);
            ref var query = ref MemoryMarshal.GetArrayDataReference(_query);
            ref var output = ref MemoryMarshal.GetReference(destination);
            switch (Kernel)
            {
                case Kernel.AvxVnni:
                    Rows<VnniProduct>(ref first, count, ref query, _query.Length, _blocked, _vnniBias, ref output);
                    break;
                case Kernel.Avx2:
                    Rows<Avx2Product>(ref first, count, ref query, _query.Length, _blocked, 0, ref output);
                    break;
                default:
                    for (var i = 0; i < count; i++)
                    {
                        destination[i] = ScalarTail(ref Unsafe.Add(ref first, (nint)i * _query.Length), ref query, 0, _query.Length);
                    }
                    break;
            }
        }

        /// <summary>The plain sum of products over [<paramref name="from"/>, <paramref name="length"/>).</summary>
        private static int ScalarTail(ref sbyte row, ref sbyte query, int from, int length)
        {
            var sum = 0;
            for (var j = from; j < length; j++)
            {
                sum += Unsafe.Add(ref row, j) * Unsafe.Add(ref query, j);
            }
            return sum;
        }

        /// <summary>One 32-byte block's products added into eight 32-bit sums; a struct per instruction set, so the scan is compiled once for each with the block inlined.</summary>
        private interface IBlockProduct
        {
            static abstract Vector256<int> Accumulate(Vector256<int> sums, Vector256<sbyte> row, Vector256<sbyte> query);
        }

        /// <summary>vpdpbusd wants an unsigned row: the top bit flipped adds 128 to each row byte, taken back once per row as the bias.</summary>
        private readonly struct VnniProduct : IBlockProduct
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<int> Accumulate(Vector256<int> sums, Vector256<sbyte> row, Vector256<sbyte> query) =>
                AvxVnni.MultiplyWideningAndAdd(sums, row.AsByte() ^ Vector256.Create((byte)0x80), query);
        }

        private readonly struct Avx2Product : IBlockProduct
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<int> Accumulate(Vector256<int> sums, Vector256<sbyte> row, Vector256<sbyte> query) =>
                sums + Avx2Block(row, query);
        }

        private static void Rows<TProduct>(ref sbyte row, int count, ref sbyte q, int length, int blocked, int bias, ref int output)
            where TProduct : struct, IBlockProduct
        {
            var stride = (nuint)length;
            var end = (nuint)blocked;
            var total = (nuint)count * stride;
            var offset = (nuint)0;
            var i = 0;
            for (; i + 4 <= count; i += 4, offset += 4 * stride)
            {
                if (offset + PrefetchDistance + 4 * stride <= total)
                {
                    Prefetch(ref Unsafe.Add(ref row, PrefetchDistance), 4 * stride);
                }
                var a0 = Vector256<int>.Zero;
                var a1 = Vector256<int>.Zero;
                var a2 = Vector256<int>.Zero;
                var a3 = Vector256<int>.Zero;
                // One address per row: each load is then base + offset, with no stride arithmetic in the loop.
                ref var row1 = ref Unsafe.Add(ref row, stride);
                ref var row2 = ref Unsafe.Add(ref row, 2 * stride);
                ref var row3 = ref Unsafe.Add(ref row, 3 * stride);
                for (nuint j = 0; j < end; j += Block)
                {
                    var query = Vector256.LoadUnsafe(ref q, j);
                    a0 = TProduct.Accumulate(a0, Vector256.LoadUnsafe(ref row, j), query);
                    a1 = TProduct.Accumulate(a1, Vector256.LoadUnsafe(ref row1, j), query);
                    a2 = TProduct.Accumulate(a2, Vector256.LoadUnsafe(ref row2, j), query);
                    a3 = TProduct.Accumulate(a3, Vector256.LoadUnsafe(ref row3, j), query);
                }
                var sums = SumFour(a0, a1, a2, a3) - Vector128.Create(bias);
                FinishFour(ref row, ref q, blocked, length, sums, ref Unsafe.Add(ref output, i));
                row = ref Unsafe.Add(ref row, 4 * stride);
            }
            for (; i < count; i++)
            {
                var acc = Vector256<int>.Zero;
                for (nuint j = 0; j < end; j += Block)
                {
                    acc = TProduct.Accumulate(acc, Vector256.LoadUnsafe(ref row, j), Vector256.LoadUnsafe(ref q, j));
                }
                Unsafe.Add(ref output, i) = Vector256.Sum(acc) - bias + ScalarTail(ref row, ref q, blocked, length);
                row = ref Unsafe.Add(ref row, stride);
            }
        }

        /// <summary>
        /// Asks for the rows <see cref="PrefetchDistance"/> bytes ahead (within the rows given)
        /// while these are scored: a scan of rows no longer in cache waits on memory, and the
        /// hardware prefetcher alone keeps too few lines in flight (cache flushed before each
        /// scan of 100,000 x 384: about 5.5-6.3 ms CPU without, 4.3-4.9 ms with).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Prefetch(ref sbyte start, nuint bytes)
        {
            // A hint only: the address is not dereferenced, so a pointer the GC has since made stale
            // costs at most a useless prefetch, and a prefetch never faults.
            var address = (byte*)Unsafe.AsPointer(ref start);
            for (nuint b = 0; b < bytes; b += CacheLine)
            {
                Sse.Prefetch0(address + b);
            }
        }

        /// <summary>Eight 32-bit sums of four products each: |row| · (query with the row's sign).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Avx2Block(Vector256<sbyte> row, Vector256<sbyte> query) =>
            Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Avx2.Abs(row), Avx2.Sign(query, row)), Vector256.Create((short)1));

        /// <summary>The four accumulators' totals (lane i: accumulator i), by horizontal adds shared between them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> SumFour(Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3)
        {
            // After two rounds each 128-bit half holds one partial total per accumulator, in order.
            var pairs = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
            return pairs.GetLower() + pairs.GetUpper();
        }

        /// <summary>Stores four totals, each with its row's scalar tail when the length is not a multiple of the block.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FinishFour(ref sbyte row, ref sbyte q, int blocked, int length, Vector128<int> sums, ref int output)
        {
            if (blocked != length)
            {
                sums += Vector128.Create(
                    ScalarTail(ref row, ref q, blocked, length),
                    ScalarTail(ref Unsafe.Add(ref row, length), ref q, blocked, length),
                    ScalarTail(ref Unsafe.Add(ref row, 2 * length), ref q, blocked, length),
                    ScalarTail(ref Unsafe.Add(ref row, 3 * length), ref q, blocked, length));
            }
            Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref output), sums);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cosine(ReadOnlySpan<sbyte> a, float scaleA, ReadOnlySpan<sbyte> b, float scaleB) => Dot(a, b) * scaleA * scaleB;
}
