using ChatBot.Core.Indexing;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Indexing;

/// <summary>Every cache a stranger's words reach stays within its bound, and keeps what is in use.</summary>
public sealed class BoundedCacheTests
{
    private static IEnumerable<string> RandomWords(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return string.Create(10, random, (span, r) =>
            {
                for (var j = 0; j < span.Length; j++)
                {
                    span[j] = (char)('a' + r.Next(26));
                }
            });
        }
    }

    [Fact]
    public void A_flood_of_new_keys_never_holds_more_than_two_generations()
    {
        var cache = new BoundedCache<int>(100);

        foreach (var (word, i) in RandomWords(10_000, 1).Select((w, i) => (w, i)))
        {
            cache.Add(word, i);
            Assert.InRange(cache.Count, 1, 200);
        }
    }

    [Fact]
    public void Replacing_a_value_does_not_count_as_a_new_key()
    {
        var cache = new BoundedCache<int>(3);
        cache.Add("a", 1);
        cache.Add("b", 2);

        for (var i = 0; i < 10; i++)
        {
            cache.Add("a", i);
        }
        cache.Add("c", 3);

        // Still one generation: all three keys are found, "a" with its last value.
        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGetValue("a".AsSpan(), out var a));
        Assert.Equal(9, a);
        Assert.True(cache.TryGetValue("b".AsSpan(), out _));
        Assert.True(cache.TryGetValue("c".AsSpan(), out _));
    }

    [Fact]
    public async Task Keys_added_from_several_threads_stay_within_two_generations()
    {
        var cache = new BoundedCache<int>(100);
        var words = RandomWords(20_000, 5).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = t; i < words.Length; i += 4)
            {
                cache.Add(words[i], i);
            }
        })));

        Assert.InRange(cache.Count, 1, 200 + 4);
    }

    [Fact]
    public void Keys_in_use_survive_a_flood()
    {
        var cache = new BoundedCache<int>(100);
        cache.Add("council", 7);

        foreach (var word in RandomWords(5_000, 2))
        {
            cache.Add(word, 0);
            Assert.True(cache.TryGetValue("council".AsSpan(), out var value));
            Assert.Equal(7, value);
        }
        Assert.Equal(8, cache.GetOrAdd("seoul", _ => 8));
        Assert.Equal(8, cache.GetOrAdd("seoul", _ => 9));
    }

    [Fact]
    public void Analyzing_random_words_keeps_the_chunk_cache_bounded()
    {
        using var analysis = new TextAnalysis();

        foreach (var word in RandomWords(TextAnalysis.CachedChunksPerGeneration * 5 / 2, 3))
        {
            analysis.EnglishTerms(word);
        }

        Assert.InRange(analysis.CachedChunks, 1, 2 * TextAnalysis.CachedChunksPerGeneration);
        Assert.Equal(["council"], analysis.EnglishTerms("council"));
    }

    [Fact]
    public async Task Idf_of_random_question_words_keeps_the_snapshot_cache_bounded()
    {
        using var corpus = new TempFolder();
        using var data = new TempFolder();
        corpus.Write("alpha.md", "---\ntitle: Alpha\n---\nThe council met in Seoul.\n");
        using var engine = new Engine(corpus.Path, data.Path);
        await engine.RefreshAsync();
        var known = engine.Knowledge.Statistics.Idf("council");

        foreach (var word in RandomWords(ChatBot.Core.Knowledge.KnowledgeSnapshot.CachedIdfTermsPerGeneration * 5 / 2, 4))
        {
            engine.Knowledge.Statistics.Idf(word);
        }

        Assert.InRange(engine.Knowledge.Snapshot.Idf.Count, 1, 2 * ChatBot.Core.Knowledge.KnowledgeSnapshot.CachedIdfTermsPerGeneration);
        Assert.Equal(known, engine.Knowledge.Statistics.Idf("council"));
    }
}
