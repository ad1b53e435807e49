using ChatBot.Core.Semantic;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Semantic;

/// <summary>The real packaged models: the only tests that pay for loading one (about a second each).</summary>
public class SentenceTransformerEmbedderTests
{
    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Theory]
    [InlineData(EmbeddingModel.ArcticXs)]
    [InlineData(EmbeddingModel.MiniLM)]
    public void The_model_loads_from_its_package_and_embeds_deterministically(EmbeddingModel model)
    {
        using var embedder = new SentenceTransformerEmbedder(Options.Create(new SemanticOptions { Model = model }));
        string[] passages = ["The third council was held in Seoul on 28 November 2025.", "Korea joined Horizon Europe."];

        var first = embedder.EmbedPassages(passages, CancellationToken.None);
        var again = embedder.EmbedPassages([passages[0]], CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal(embedder.Dimensions, first[0].Length);
        Assert.Equal(first[0], again[0]);
        Assert.InRange(MathF.Sqrt(first[0].Sum(v => v * v)), 0.99f, 1.01f);
        Assert.NotEqual(first[0], first[1]);
    }

    [Fact]
    public void A_question_is_closer_to_the_passage_that_answers_it_than_to_unrelated_ones()
    {
        using var embedder = new SentenceTransformerEmbedder(Options.Create(new SemanticOptions()));
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
