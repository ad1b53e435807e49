using ChatBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ChatBot.Core.Semantic;

/// <summary>
/// The ONNX sentence encoders of the SentenceTransformers.* packages. The model loads on first
/// use, so a process that never embeds never pays for it. It runs from a file extracted once to
/// <c>&lt;data&gt;/models</c> (<see cref="ModelFileExtractor"/>): loading it through the package
/// would keep the model resource's pages resident besides the runtime's copy of the weights
/// (about 150 MB more). If the file cannot be written, the package loads it its own way.
/// </summary>
public sealed class SentenceTransformerEmbedder : ITextEmbedder, IDisposable
{
    private readonly PackagedModel _model;
    private readonly SemanticOptions _options;
    private readonly string _modelsFolder;
    private readonly ILogger _logger;
    private readonly Lazy<ISentenceEncoder> _encoder;
    private SessionOptions? _session;

    public SentenceTransformerEmbedder(IOptions<SemanticOptions> options, ChatBotPaths paths, ILogger<SentenceTransformerEmbedder>? logger = null)
    {
        _options = options.Value;
        _model = PackagedModel.For(_options.Model);
        var folder = string.IsNullOrWhiteSpace(_options.ModelsPath) ? "models" : _options.ModelsPath;
        _modelsFolder = Path.GetFullPath(folder, paths.DataPath);
        _logger = logger ?? NullLogger<SentenceTransformerEmbedder>.Instance;
        _encoder = new Lazy<ISentenceEncoder>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string ModelId => _model.Id;

    public int Dimensions => 384;

    /// <summary>Where the model file is (or will be) extracted.</summary>
    public string ModelPath => ModelFileExtractor.PathIn(_modelsFolder, _model);

    /// <summary>Whether the model runs from the extracted file (false: loaded by the package, or not loaded yet).</summary>
    public bool RunsFromFile => _encoder.IsValueCreated && _encoder.Value is OnnxSentenceEncoder;

    public float[] EmbedQuery(string question, CancellationToken cancellationToken) =>
        _encoder.Value.Encode([_model.QueryPrefix + question], cancellationToken)[0];

    public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        EmbedPassages(texts, _options.Threads, cancellationToken);

    /// <summary>
    /// Embeds passages with up to <paramref name="parallelism"/> model calls at once, each on
    /// one thread and <see cref="SemanticOptions.BatchSize"/> passages of similar length.
    /// </summary>
    public IReadOnlyList<float[]> EmbedPassages(IReadOnlyList<string> texts, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (texts.Count == 0)
        {
            return [];
        }
        var encoder = _encoder.Value;
        var batches = PassageBatches.Plan(texts, _options.BatchSize);
        var vectors = new float[texts.Count][];
        void Run(int[] batch)
        {
            var embedded = encoder.Encode(batch.Select(i => texts[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = embedded[j];
            }
        }
        if (parallelism == 1 || batches.Count == 1)
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Run(batch);
            }
        }
        else
        {
            Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, Run);
        }
        return vectors;
    }

    private ISentenceEncoder Create()
    {
        // One thread per call: concurrent calls on one session use the cores better than one
        // call split across them (measured 25 against 21 passages per CPU-second). No arena: it
        // keeps the largest call's activations forever. Worker threads that spin between calls
        // burn a core for nothing on a shared machine.
        _session = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, EnableCpuMemArena = false };
        // Loading needs about twice the weights for a moment (the parsed model, then the session's
        // tensors). It usually comes right after indexing, when the GC still holds hundreds of MB
        // of freed heap: hand that back first so the two do not stack into the process's peak
        // (bench at 100,000 passages: 627 MB peak without this).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        string path;
        try
        {
            path = new ModelFileExtractor(_logger).Extract(_model, _modelsFolder, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _logger.LogWarning(ex, "Could not extract the {Model} model to {Folder} ({Message}); loading it from its package, which holds about 150 MB more memory",
                _model.Id, _modelsFolder, ex.Message);
            var packaged = _model.CreatePackageEncoder(_session);
            // The package reads the model into a managed array that is garbage once the native
            // session holds the weights; without this it stays in the large object heap.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return packaged;
        }
        return new OnnxSentenceEncoder(_model, path, _session);
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
