using ChatBot.Core.Semantic;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Semantic;

public class VectorStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string StorePath => Path.Combine(_folder.Path, "vectors", "fake.vec");

    private static (VectorKey, float, ReadOnlyMemory<sbyte>) Record(string text, sbyte fill) =>
        (VectorKey.Of(text), 0.5f, Enumerable.Repeat(fill, 4).ToArray());

    [Fact]
    public void Vectors_persist_and_reload_by_text_hash()
    {
        using (var store = VectorStore.Open(StorePath, "fake", 4))
        {
            store.Add([Record("alpha", 1), Record("beta", 2)]);
            store.Add([Record("alpha", 9)]); // already stored: skipped, not duplicated
        }

        using var reopened = VectorStore.Open(StorePath, "fake", 4);
        var vector = new sbyte[4];

        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.TryRead(VectorKey.Of("alpha"), vector, out var scale));
        Assert.Equal([1, 1, 1, 1], vector);
        Assert.Equal(0.5f, scale);
        Assert.False(reopened.TryRead(VectorKey.Of("gamma"), vector, out _));
    }

    [Fact]
    public void A_record_cut_short_by_a_crash_is_dropped_and_the_rest_kept()
    {
        using (var store = VectorStore.Open(StorePath, "fake", 4))
        {
            store.Add([Record("alpha", 1), Record("beta", 2)]);
        }
        using (var file = new FileStream(StorePath, FileMode.Open))
        {
            file.SetLength(file.Length - 3);
        }

        using var reopened = VectorStore.Open(StorePath, "fake", 4);

        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.Contains(VectorKey.Of("alpha")));
        reopened.Add([Record("beta", 2)]);
        Assert.True(reopened.TryRead(VectorKey.Of("beta"), new sbyte[4], out _));
    }

    [Theory]
    [InlineData("other-model", 4)]
    [InlineData("fake", 8)]
    public void A_file_of_another_model_or_dimension_is_started_over(string model, int dimensions)
    {
        using (var store = VectorStore.Open(StorePath, "fake", 4))
        {
            store.Add([Record("alpha", 1)]);
        }

        using var other = VectorStore.Open(StorePath, model, dimensions);

        Assert.Equal(0, other.Count);
    }

    [Fact]
    public void A_garbage_file_is_started_over()
    {
        _folder.Write(Path.Combine("vectors", "fake.vec"), "not a vector file at all"u8.ToArray());

        using var store = VectorStore.Open(StorePath, "fake", 4);
        store.Add([Record("alpha", 1)]);

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Compaction_keeps_only_live_vectors()
    {
        using (var store = VectorStore.Open(StorePath, "fake", 4))
        {
            store.Add([Record("alpha", 1), Record("beta", 2), Record("gamma", 3)]);
            var before = new FileInfo(StorePath).Length;

            store.Compact(new HashSet<VectorKey> { VectorKey.Of("beta") });

            Assert.True(new FileInfo(StorePath).Length < before);
            Assert.Equal(1, store.Count);
        }
        using var reopened = VectorStore.Open(StorePath, "fake", 4);
        var vector = new sbyte[4];
        Assert.True(reopened.TryRead(VectorKey.Of("beta"), vector, out _));
        Assert.Equal([2, 2, 2, 2], vector);
        Assert.False(reopened.Contains(VectorKey.Of("alpha")));
    }
}
