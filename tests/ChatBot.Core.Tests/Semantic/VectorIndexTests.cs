using ChatBot.Core.Corpus;
using ChatBot.Core.Semantic;

namespace ChatBot.Core.Tests.Semantic;

public class VectorIndexTests
{
    private const int Dimensions = 32;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_scan_in_parts_finds_exactly_the_rows_of_a_scan_in_one_part_ties_included(int parts)
    {
        // Few distinct vectors over many rows: most similarities tie, many of them across the k-th place.
        var index = IndexOf(rows: 1_000, distinct: 12, seed: parts);
        var (query, scale) = Quantized(Random(new Random(99)));

        // By definition: the highest similarity first, equal ones by row.
        var ranked = Enumerable.Range(0, index.Count)
            .OrderByDescending(row => Int8Vector.Dot(index.Row(row), query) * index.ScaleOf(row))
            .ThenBy(row => row)
            .ToList();

        foreach (var k in new[] { 1, 5, 50, 333 })
        {
            var whole = index.Nearest(query, scale, k, parts: 1);
            var split = index.Nearest(query, scale, k, parts);

            Assert.Equal(ranked.Take(k), whole.Select(n => n.Row));
            Assert.Equal(whole, split);
        }
    }

    [Fact]
    public void Equal_similarities_rank_the_lower_row_first_and_the_best_row_leads()
    {
        var index = IndexOf(rows: 200, distinct: 3, seed: 5);
        var (query, scale) = Quantized(Random(new Random(7)));

        var nearest = index.Nearest(query, scale, 200, parts: 4);

        Assert.Equal(200, nearest.Count);
        for (var i = 1; i < nearest.Count; i++)
        {
            var (before, after) = (nearest[i - 1], nearest[i]);
            Assert.True(before.Similarity > after.Similarity || before.Similarity == after.Similarity && before.Row < after.Row, $"rank {i}: row {before.Row} ({before.Similarity}) before row {after.Row} ({after.Similarity})");
        }
        var expected = Enumerable.Range(0, 200).MaxBy(row => Int8Vector.Cosine(index.Row(row), index.ScaleOf(row), query, scale));
        Assert.Equal(expected, nearest[0].Row);
    }

    [Fact]
    public void More_parts_than_rows_and_k_beyond_the_rows_return_every_row_once()
    {
        var index = IndexOf(rows: 3, distinct: 3, seed: 1);
        var (query, scale) = Quantized(Random(new Random(2)));

        var nearest = index.Nearest(query, scale, 10, parts: 8);

        Assert.Equal([0, 1, 2], nearest.Select(n => n.Row).Order());
    }

    private static VectorIndex IndexOf(int rows, int distinct, int seed)
    {
        var random = new Random(seed);
        var vectors = Enumerable.Range(0, distinct).Select(_ => Random(random)).ToArray();
        var passages = Enumerable.Range(0, rows).Select(i => new Passage($"d#{i}", "d", i, null, [$"passage {i}"])).ToList();
        var index = new VectorIndex(new object(), passages, passages.Select(p => VectorKey.Of(p.Text)).ToList(), Dimensions);
        for (var row = 0; row < rows; row++)
        {
            var scale = Int8Vector.Quantize(vectors[random.Next(distinct)], index.RowForWriting(row));
            index.Set(row, scale);
        }
        Assert.True(index.IsComplete);
        return index;
    }

    private static float[] Random(Random random)
    {
        var vector = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private static (sbyte[] Query, float Scale) Quantized(float[] vector)
    {
        var query = new sbyte[vector.Length];
        return (query, Int8Vector.Quantize(vector, query));
    }
}
