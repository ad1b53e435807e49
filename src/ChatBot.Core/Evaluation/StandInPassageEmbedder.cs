using ChatBot.Core.Semantic;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// The benchmark's embedder when passages lack a cached vector: questions go to the real model,
/// passages get a deterministic random unit vector seeded by their text. Scanning costs the
/// same whatever the values, so latency and memory are measured truly; relevance is not.
/// </summary>
internal sealed class StandInPassageEmbedder(ITextEmbedder model) : ITextEmbedder
{
    private int _standIns;

    public string ModelId => model.ModelId;

    public int Dimensions => model.Dimensions;

    public int StandIns => Volatile.Read(ref _standIns);

    public float[] EmbedQuery(string question, CancellationToken cancellationToken) => model.EmbedQuery(question, cancellationToken);

    public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _standIns, texts.Count);
        return texts.Select(text =>
        {
            var key = VectorKey.Of(text);
            var random = new Random((int)(key.High ^ key.Low));
            var vector = new float[Dimensions];
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(random.NextDouble() * 2 - 1);
            }
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return vector.Select(v => v / norm).ToArray();
        }).ToList();
    }
}
