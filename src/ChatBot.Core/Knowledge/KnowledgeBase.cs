using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The one knowledge base of a process: owns the index directory and readiness, serializes
/// refreshes and publishes each new snapshot of documents and passages (read back from the index
/// once per refresh, so answering never re-reads files). The jobs live in their own types:
/// <see cref="CorpusRefresher"/> (refresh), <see cref="CurrentSnapshot"/> (snapshot),
/// <see cref="PassageRetriever"/> (search) and <see cref="CorpusStatistics"/> (statistics).
/// </summary>
public sealed class KnowledgeBase : IKnowledgeBase, IDisposable
{
    /// <summary>Prefix of the ids (and manifest paths) of fetched documents.</summary>
    public const string SourcesPrefix = "sources/";

    private readonly ILogger<KnowledgeBase> _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    // Replaced (not reused) when a refresh succeeds after a failed first load, so a worker whose
    // corpus was missing at start-up becomes ready once it appears.
    private volatile TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<PassageIndex> _index;
    private readonly CurrentSnapshot _current = new();
    private readonly CorpusRefresher _refresher;
    private readonly SemanticIndex? _semantic;

    public KnowledgeBase(ChatBotPaths paths, IOptions<IndexOptions> options, ILogger<KnowledgeBase>? logger = null, SemanticIndex? semantic = null)
    {
        _semantic = semantic;
        _logger = logger ?? NullLogger<KnowledgeBase>.Instance;
        Analysis = new TextAnalysis();
        var synonymsPath = Path.GetFullPath(options.Value.SynonymsPath, AppContext.BaseDirectory);
        Synonyms = Synonyms.Load(synonymsPath);
        if (Synonyms.Groups.Count == 0)
        {
            _logger.LogWarning("No synonyms loaded from {Path}", synonymsPath);
        }
        _index = new Lazy<PassageIndex>(() => new PassageIndex(paths.IndexPath, Analysis));
        _refresher = new CorpusRefresher(paths, new CorpusLoader(options.Value.PassageChars), options.Value.MaxFileBytes, _index, _current, _logger);
        Retrieval = new PassageRetriever(_current, _index, Analysis, semantic);
        Statistics = new CorpusStatistics(_current, _index, Analysis);
    }

    internal TextAnalysis Analysis { get; }

    internal Synonyms Synonyms { get; }

    /// <summary>Passage retrieval over the current snapshot (the answer path's seam to Lucene).</summary>
    internal PassageRetriever Retrieval { get; }

    /// <summary>Term and sentence statistics of the current snapshot.</summary>
    internal CorpusStatistics Statistics { get; }

    /// <summary>Completes when the background analysis of the current snapshot's passages is done.</summary>
    internal Task WarmUp { get; private set; } = Task.CompletedTask;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WhenReady => _ready.Task;

    public IReadOnlyList<DocumentInfo> Documents => _current.Value.Documents;

    internal KnowledgeSnapshot Snapshot => _current.Value;

    public IReadOnlyList<Passage> PassagesOf(string documentId) =>
        _current.Value.PassagesByDocument.TryGetValue(documentId, out var passages) ? passages : [];

    public DocumentInfo? Document(string documentId) => _current.Value.DocumentsById.GetValueOrDefault(documentId);

    /// <summary>The cleaned text of a document (blocks separated by newlines); every quote is a substring of it.</summary>
    public string? CleanTextOf(string documentId) => _current.Value.CleanTexts.GetValueOrDefault(documentId)?.ToString();

    /// <summary>Whether the document's cleaned text holds <paramref name="text"/> verbatim (null: no such document), without decoding the document.</summary>
    internal bool? CleanTextContains(string documentId, string text) => _current.Value.CleanTexts.GetValueOrDefault(documentId)?.Contains(text);

    public async Task<IndexReport> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var outcome = await Task.Run(() => _refresher.RefreshAsync(rebuild, progress, cancellationToken), cancellationToken);
            Publish(outcome.Snapshot, outcome.Generation);
            if (_ready.Task.IsFaulted)
            {
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _ready.TrySetResult();
            return outcome.Report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed refresh with an index already loaded keeps serving the old one.
            if (!IsReady)
            {
                _ready.TrySetException(ex);
            }
            throw;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private void Publish(KnowledgeSnapshot snapshot, long generation)
    {
        if (_current.Replace(snapshot, generation))
        {
            WarmUp = Statistics.WarmUpAsync(snapshot);
            _semantic?.Attach(snapshot, snapshot.PassagesById.Values);
        }
    }

    /// <summary>
    /// Reloads the snapshot when another process committed to the index since it was taken, without
    /// reading the corpus (one directory listing when nothing changed). Digests call it before
    /// comparing documents, so a document the `index` command added is not taken for removed.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!IsReady || !_index.IsValueCreated)
        {
            return;
        }
        var index = _index.Value;
        try
        {
            if (index.LastCommitGeneration == _current.Generation)
            {
                return;
            }
        }
        catch (IOException)
        {
            return; // no index on disk at the moment: the next refresh deals with it
        }
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (index.LastCommitGeneration == _current.Generation)
            {
                return;
            }
            await Task.Run(() =>
            {
                var (snapshot, generation) = _refresher.Reload();
                Publish(snapshot, generation);
                _logger.LogInformation("The index was changed by another process; reloaded commit {Generation}: {Documents} documents", generation, snapshot.Documents.Count);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next refresh rebuilds an unreadable index; until then the current snapshot serves.
            _logger.LogWarning(ex, "Reloading the index changed by another process failed: {Message}", ex.Message);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public void Dispose()
    {
        if (_index.IsValueCreated)
        {
            _index.Value.Dispose();
        }
        Analysis.Dispose();
        _refreshGate.Dispose();
    }
}
