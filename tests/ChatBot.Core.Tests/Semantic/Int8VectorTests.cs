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
