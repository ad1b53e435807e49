using ChatBot.Core.Configuration;
using ChatBot.Core.Semantic;
using ChatBot.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Semantic;

/// <summary>The real packaged models: the only tests that pay for loading one (about a second each).</summary>
public class SentenceTransformerEmbedderTests
{
    private static readonly string[] Passages =
    [
        "The third council was held in Seoul on 28 November 2025.",
        "Korea joined Horizon Europe.",
        "The negotiations on the digital trade agreement were concluded in March 2025, and both sides said the text would be signed once it had been legally scrubbed and translated into all official languages.",
        "Deadline: 14 May 2024",
        "한국과 EU는 제3차 디지털 파트너십 협의회를 서울에서 개최했다.",
        "Semiconductors.",
    ];

    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static SentenceTransformerEmbedder Create(TempFolder data, SemanticOptions options) =>
        new(Options.Create(options), new ChatBotPaths(data.PathOf("corpus"), data.Path));

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"vectors differ by up to {worst}");
    }

    [Theory]
    [InlineData(EmbeddingModel.ArcticXs)]
    [InlineData(EmbeddingModel.MiniLM)]
    public void The_model_loads_from_its_package_and_embeds_deterministically(EmbeddingModel model)
    {
        using var data = new TempFolder();
        using var embedder = Create(data, new SemanticOptions { Model = model });

        var first = embedder.EmbedPassages(Passages[..2], CancellationToken.None);
        var again = embedder.EmbedPassages([Passages[0]], CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal(embedder.Dimensions, first[0].Length);
        Assert.Equal(first[0], again[0]);
        Assert.InRange(MathF.Sqrt(first[0].Sum(v => v * v)), 0.99f, 1.01f);
        Assert.NotEqual(first[0], first[1]);
    }

    [Theory]
    [InlineData(EmbeddingModel.ArcticXs)]
    [InlineData(EmbeddingModel.MiniLM)]
    public void Run_from_the_extracted_file_it_gives_the_vectors_of_the_packages_own_encoder(EmbeddingModel model)
    {
        // Cached vectors were computed by the package's encoder: they must stay valid.
        using var data = new TempFolder();
        using var embedder = Create(data, new SemanticOptions { Model = model });
        var ours = embedder.EmbedPassages(Passages, CancellationToken.None);
        var query = embedder.EmbedQuery("when is the next council?", CancellationToken.None);
        Assert.True(embedder.RunsFromFile);
        Assert.True(File.Exists(embedder.ModelPath));

        using var options = new SessionOptions { IntraOpNumThreads = 1, EnableCpuMemArena = false };
        var package = PackagedModel.For(model);
        var packageEncoder = package.CreatePackageEncoder(options);
        try
        {
            var theirs = packageEncoder.Encode(Passages, CancellationToken.None);
            var theirQuery = packageEncoder.Encode([package.QueryPrefix + "when is the next council?"], CancellationToken.None)[0];
            for (var i = 0; i < Passages.Length; i++)
            {
                AssertClose(theirs[i], ours[i], 1e-6f);
            }
            AssertClose(theirQuery, query, 1e-6f);
        }
        finally
        {
            ((IDisposable)packageEncoder).Dispose();
        }
    }

    [Theory]
    [InlineData(EmbeddingModel.ArcticXs)]
    [InlineData(EmbeddingModel.MiniLM)]
    public void Batches_and_parallel_calls_give_the_vectors_of_one_passage_at_a_time(EmbeddingModel model)
    {
        using var data = new TempFolder();
        using var single = Create(data, new SemanticOptions { Model = model });
        using var batched = Create(data, new SemanticOptions { Model = model, BatchSize = 4, Threads = 2 });
        var texts = Passages.Concat(Passages.Select(p => p.ToUpperInvariant() + " Again.")).ToList();

        var oneByOne = texts.Select(t => single.EmbedPassages([t], CancellationToken.None)[0]).ToList();
        var together = batched.EmbedPassages(texts, CancellationToken.None);
        var parallel = single.EmbedPassages(texts, parallelism: 2, CancellationToken.None);

        Assert.Equal(texts.Count, together.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            // Padding a passage to its batch's longest may move the last bits; order must not change.
            AssertClose(oneByOne[i], together[i], 1e-5f);
            Assert.Equal(oneByOne[i], parallel[i]);
        }
    }

    [Fact]
    public void The_model_is_extracted_to_the_models_folder_once_and_reused()
    {
        using var data = new TempFolder();
        using (var first = Create(data, new SemanticOptions()))
        {
            first.EmbedQuery("council", CancellationToken.None);
            Assert.Equal(Path.Combine(data.Path, "models", "arctic-xs.onnx"), first.ModelPath);
        }
        var written = File.GetLastWriteTimeUtc(Path.Combine(data.Path, "models", "arctic-xs.onnx"));

        using var second = Create(data, new SemanticOptions());
        second.EmbedQuery("council", CancellationToken.None);

        Assert.True(second.RunsFromFile);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.ModelPath));
    }

    [Fact]
    public void When_the_model_cannot_be_extracted_the_package_loads_it_and_vectors_are_the_same()
    {
        using var data = new TempFolder();
        using var extracted = Create(data, new SemanticOptions());
        var expected = extracted.EmbedPassages(Passages[..2], CancellationToken.None);
        // A file where the models folder should be: the folder cannot be created.
        var blocked = data.Write("blocked", "not a folder");

        using var fallback = Create(data, new SemanticOptions { ModelsPath = blocked });
        var vectors = fallback.EmbedPassages(Passages[..2], CancellationToken.None);

        Assert.False(fallback.RunsFromFile);
        AssertClose(expected[0], vectors[0], 1e-6f);
        AssertClose(expected[1], vectors[1], 1e-6f);
    }

    [Fact]
    public void A_cancelled_call_stops_with_OperationCanceledException()
    {
        using var data = new TempFolder();
        using var embedder = Create(data, new SemanticOptions { Threads = 2 });
        embedder.EmbedQuery("warm up", CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => embedder.EmbedPassages(Passages, cancelled.Token));
    }

    [Fact]
    public void A_question_is_closer_to_the_passage_that_answers_it_than_to_unrelated_ones()
    {
        using var data = new TempFolder();
        using var embedder = Create(data, new SemanticOptions());
        var passages = embedder.EmbedPassages(
        [
            "The negotiations on the digital trade agreement were concluded in March 2025.",
            "Quantum computers store information in qubits.",
            "The weather in Lisbon was sunny all week.",
        ], CancellationToken.None);

        var question = embedder.EmbedQuery("when did the talks on the digital trade deal wrap up?", CancellationToken.None);

        Assert.True(Cosine(question, passages[0]) > Cosine(question, passages[1]));
        Assert.True(Cosine(question, passages[0]) > Cosine(question, passages[2]));
    }
}
