using ChatBot.Core.Semantic;

namespace ChatBot.Core.Tests.Semantic;

/// <summary>
/// A bag-of-words embedder: each word (or the concept an alias maps it to) adds to one of a few
/// dimensions, so texts sharing words or aliased concepts are close. Counts what it embeds and can
/// be held at a gate to stand for a slow model.
/// </summary>
internal sealed class FakeEmbedder(IReadOnlyDictionary<string, string>? aliases = null) : ITextEmbedder
{
    private int _passages;
    private int _queries;

    public string ModelId { get; init; } = "fake";

    public int Dimensions => 512;

    /// <summary>When set, passage embedding waits for it (queries do not).</summary>
    public ManualResetEventSlim? Gate { get; init; }

    /// <summary>When set, question embedding waits for it (at most a minute, so a test that never opens it fails instead of hanging).</summary>
    public ManualResetEventSlim? QueryGate { get; init; }

    public int PassagesEmbedded => Volatile.Read(ref _passages);

    public int QueriesEmbedded => Volatile.Read(ref _queries);

    public List<string> Texts { get; } = [];

    public float[] EmbedQuery(string question, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        if (QueryGate is { } gate && !gate.Wait(TimeSpan.FromMinutes(1), cancellationToken))
        {
            throw new TimeoutException("the query gate was never opened");
        }
        return Vector(question);
    }

    public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Gate?.Wait(cancellationToken);
        lock (Texts)
        {
            Texts.AddRange(texts);
        }
        Interlocked.Add(ref _passages, texts.Count);
        return texts.Select(Vector).ToList();
    }

    public float[] Vector(string text)
    {
        var vector = new float[Dimensions];
        foreach (var raw in text.ToLowerInvariant().Split(' ', '.', ',', '?', '!', '\n'))
        {
            if (raw.Length < 3)
            {
                continue;
            }
            var word = aliases is not null && aliases.TryGetValue(raw, out var concept) ? concept : raw;
            vector[StableHash(word) % Dimensions] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            vector[0] = 1;
            return vector;
        }
        return vector.Select(v => v / norm).ToArray();
    }

    // string.GetHashCode is randomized per process; vectors must be the same in every run.
    private static int StableHash(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & 0x7fffffff);
    }
}
