using ChatBot.Core.Semantic;

namespace ChatBot.Core.Tests.Semantic;

public class Int8VectorTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(37)]
    [InlineData(384)]
    public void The_quantized_cosine_stays_close_to_the_float_cosine(int dimensions)
    {
        var random = new Random(dimensions);
        var a = Unit(Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
        var b = Unit(a.Select(v => v + ((float)random.NextDouble() - 0.5f) * 0.5f).ToArray());
        var qa = new sbyte[dimensions];
        var qb = new sbyte[dimensions];

        var cosine = Int8Vector.Cosine(qa, Int8Vector.Quantize(a, qa), qb, Int8Vector.Quantize(b, qb));

        Assert.InRange(cosine, Dot(a, b) - 0.02f, Dot(a, b) + 0.02f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(100)]
    public void The_vectorised_dot_product_equals_the_plain_sum(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

        Assert.Equal(a.Zip(b, (x, y) => x * y).Sum(), Int8Vector.Dot(a, b));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(384)]
    [InlineData(100)]
    public void The_prepared_query_scans_rows_to_the_plain_sum_even_at_the_extremes(int length)
    {
        var random = new Random(length);
        var query = Enumerable.Range(0, length).Select(i => (sbyte)(i % 7 == 0 ? -127 : i % 11 == 0 ? 0 : random.Next(-127, 128))).ToArray();
        var row = Enumerable.Range(0, length).Select(i => (sbyte)(i % 5 == 0 ? -127 : i % 3 == 0 ? 127 : random.Next(-127, 128))).ToArray();
        var prepared = new Int8Vector.Prepared(query);

        Assert.Equal(query.Zip(row, (x, y) => x * y).Sum(), prepared.Dot(row));
        Assert.Equal(query.Sum(x => x * x), prepared.Dot(query));
    }

    public static TheoryData<Int8Vector.Kernel, int, int> KernelsLengthsAndRows()
    {
        var data = new TheoryData<Int8Vector.Kernel, int, int>();
        foreach (var kernel in Enum.GetValues<Int8Vector.Kernel>())
        {
            foreach (var length in new[] { 1, 31, 32, 33, 100, 384, 385 })
            {
                foreach (var rows in new[] { 1, 3, 4, 5, 9, 41 })
                {
                    data.Add(kernel, length, rows);
                }
            }
        }
        return data;
    }

    /// <summary>41 rows: enough rows of 100 bytes and more for the kernels' prefetch ahead to run, and one row past a multiple of 4.</summary>
    [Theory]
    [MemberData(nameof(KernelsLengthsAndRows))]
    public void Every_kernel_scores_rows_to_the_plain_sum_over_the_whole_byte_range(Int8Vector.Kernel kernel, int length, int rows)
    {
        var random = new Random(length * 31 + rows);
        // Extremes on both sides, -128 included (quantization never writes it, a damaged file could),
        // at positions that land in the vector blocks and in the scalar tail.
        var query = Enumerable.Range(0, length).Select(i => (sbyte)(i % 7 == 0 ? 127 : i % 5 == 0 ? -127 : random.Next(-128, 128))).ToArray();
        var matrix = Enumerable.Range(0, length * rows).Select(i => (sbyte)(i % 3 == 0 ? -128 : i % 4 == 0 ? 127 : random.Next(-128, 128))).ToArray();
        if (!Int8Vector.Supports(kernel))
        {
            Assert.Throws<PlatformNotSupportedException>(() => new Int8Vector.Prepared(query, kernel));
            return;
        }
        var prepared = new Int8Vector.Prepared(query, kernel);
        var expected = Enumerable.Range(0, rows).Select(r => PlainDot(query, matrix.AsSpan(r * length, length))).ToArray();
        var dots = new int[rows];

        prepared.Dots(matrix, dots);

        Assert.Equal(expected, dots);
        Assert.Equal(expected[^1], prepared.Dot(matrix.AsSpan((rows - 1) * length, length)));
        Assert.Equal(expected[^1], Int8Vector.Dot(query, matrix.AsSpan((rows - 1) * length, length)));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(384)]
    public void All_extremes_at_once_give_the_plain_sum_on_every_kernel(int length)
    {
        // Every product at its largest magnitude: -128·-128, -128·127 and 127·127 across whole blocks.
        var query = Enumerable.Range(0, length).Select(i => (sbyte)(i % 2 == 0 ? -128 : 127)).ToArray();
        var rows = new sbyte[3 * length];
        rows.AsSpan(0, length).Fill(-128);
        rows.AsSpan(length, length).Fill(127);
        for (var i = 0; i < length; i++)
        {
            rows[2 * length + i] = query[i];
        }
        var expected = Enumerable.Range(0, 3).Select(r => PlainDot(query, rows.AsSpan(r * length, length))).ToArray();

        foreach (var kernel in Enum.GetValues<Int8Vector.Kernel>().Where(Int8Vector.Supports))
        {
            var dots = new int[3];
            new Int8Vector.Prepared(query, kernel).Dots(rows, dots);
            Assert.Equal(expected, dots);
        }
    }

    [Fact]
    public void The_avx2_kernel_hands_a_query_holding_minus_128_to_the_scalar_kernel()
    {
        if (!Int8Vector.Supports(Int8Vector.Kernel.Avx2))
        {
            Assert.Throws<PlatformNotSupportedException>(() => new Int8Vector.Prepared(new sbyte[32], Int8Vector.Kernel.Avx2));
            return;
        }

        Assert.Equal(Int8Vector.Kernel.Avx2, new Int8Vector.Prepared(Enumerable.Repeat((sbyte)-127, 32).ToArray(), Int8Vector.Kernel.Avx2).Kernel);
        Assert.Equal(Int8Vector.Kernel.Scalar, new Int8Vector.Prepared(Enumerable.Repeat((sbyte)-128, 32).ToArray(), Int8Vector.Kernel.Avx2).Kernel);
    }

    [Fact]
    public void The_default_kernel_is_the_best_this_processor_runs_and_rows_must_fit_the_query()
    {
        var prepared = new Int8Vector.Prepared(new sbyte[8]);

        Assert.Equal(Int8Vector.BestKernel, prepared.Kernel);
        Assert.True(Int8Vector.Supports(prepared.Kernel));
        Assert.Throws<ArgumentException>(() => prepared.Dots(new sbyte[17], new int[2]));
        Assert.Throws<ArgumentException>(() => prepared.Dot(new sbyte[9]));
    }

    private static int PlainDot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    [Fact]
    public void A_zero_vector_quantizes_without_dividing_by_zero()
    {
        var quantized = new sbyte[4];

        var scale = Int8Vector.Quantize(new float[4], quantized);

        Assert.Equal(1f, scale);
        Assert.All(quantized, q => Assert.Equal(0, q));
    }

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
