using System.Globalization;
using System.Text.Json;
using ChatBot.Core.Corpus;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ChatBot.Core.Indexing;

/// <summary>
/// The on-disk Lucene index. The manifest (file → content hash, schema version) lives in the
/// commit user data, so the index and its manifest are committed atomically: a crash mid-refresh
/// leaves the previous commit, manifest included, intact.
/// </summary>
internal sealed class PassageIndex : IDisposable
{
    private readonly LuceneDirectory _directory;
    private readonly TextAnalysis _analysis;
    private readonly string _path;
    private volatile SearcherManager? _searchers;

    private static readonly TimeSpan WriteLockWait = TimeSpan.FromMinutes(2);

    public PassageIndex(string path, TextAnalysis analysis)
    {
        System.IO.Directory.CreateDirectory(path);
        _path = path;
        _directory = FSDirectory.Open(path);
        _analysis = analysis;
    }

    /// <summary>The generation of the last commit on disk, or -1 when there is none.</summary>
    public long LastCommitGeneration => SegmentInfos.GetLastCommitGeneration(_directory);

    /// <summary>The last commit with its manifest (null manifest: none, or another schema); null when there is no index.</summary>
    public IndexCommitState? ReadCommit()
    {
        if (!Exists)
        {
            return null;
        }
        var commit = DirectoryReader.ListCommits(_directory).OrderBy(c => c.Generation).Last();
        return new IndexCommitState(commit.Generation, ManifestOf(commit.UserData));
    }

    public bool Exists => DirectoryReader.IndexExists(_directory);

    /// <summary>The manifest of the last commit, or null when there is no usable index (none, or another schema).</summary>
    public IReadOnlyDictionary<string, ManifestEntry>? ReadManifest() => ReadCommit()?.Manifest;

    private static IReadOnlyDictionary<string, ManifestEntry>? ManifestOf(IDictionary<string, string>? data)
    {
        if (data is null || !data.TryGetValue(IndexSchema.CommitSchemaKey, out var schema) || schema != IndexSchema.Version
            || !data.TryGetValue(IndexSchema.CommitManifestKey, out var json))
        {
            return null;
        }
        return JsonSerializer.Deserialize<Dictionary<string, ManifestEntry>>(json) ?? [];
    }

    /// <summary>Opens a writer for one refresh; <paramref name="create"/> discards the old index at commit time.</summary>
    public IndexUpdate BeginUpdate(bool create)
    {
        var config = new IndexWriterConfig(TextAnalysis.Version, _analysis.PerField)
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
            // The worker and the `index` command may refresh at once: the second waits its turn.
            WriteLockTimeout = (long)WriteLockWait.TotalMilliseconds,
        };
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            throw new IndexLockedException($"another process kept the index in {_path} locked for over {WriteLockWait.TotalSeconds:0} s; try again later", ex);
        }
        try
        {
            // The writer holds the write lock from here on, so no other process can commit until it
            // is done: the last commit now is the one the writer started from.
            return new IndexUpdate(writer, LastCommitGeneration);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public IndexSearcher AcquireSearcher()
    {
        while (true)
        {
            var searchers = _searchers ?? throw new InvalidOperationException("the index is not open yet");
            try
            {
                return searchers.Acquire();
            }
            catch (Exception) when (!ReferenceEquals(searchers, _searchers))
            {
                // Replaced by a reopen while this thread was picking it up: take the new one.
            }
        }
    }

    /// <summary>Releases a searcher from <see cref="AcquireSearcher"/>, also after its manager was replaced.</summary>
    public void ReleaseSearcher(IndexSearcher searcher) => searcher.IndexReader.DecRef();

    /// <summary>Makes the latest commit visible to searches.</summary>
    /// <param name="reopen">Open every file afresh instead of reusing segments the old reader has (after the index was rebuilt from nothing, names repeat).</param>
    public void RefreshSearchers(bool reopen = false)
    {
        if (_searchers is not { } current)
        {
            _searchers = new SearcherManager(_directory, null);
        }
        else if (reopen)
        {
            // Searches that hold the old reader finish on it; its files stay readable until released.
            _searchers = new SearcherManager(_directory, null);
            current.Dispose();
        }
        else
        {
            current.MaybeRefreshBlocking();
        }
    }

    /// <summary>
    /// Deletes every index file so the next update starts from nothing: used when the index cannot
    /// be read. Readers already open keep their files (the system frees them when they close).
    /// </summary>
    public void DiscardFiles()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(_path))
        {
            if (Path.GetFileName(file) != IndexWriter.WRITE_LOCK_NAME)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Reads documents and passages back from the committed index (once per refresh).</summary>
    public IndexSnapshotData ReadAll()
    {
        var searcher = AcquireSearcher();
        try
        {
            var reader = searcher.IndexReader;
            var documents = new List<DocumentInfo>();
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            var passages = new List<Passage>();
            foreach (var leaf in reader.Leaves)
            {
                var atomic = leaf.AtomicReader;
                var live = atomic.LiveDocs;
                for (var i = 0; i < atomic.MaxDoc; i++)
                {
                    if (live is not null && !live.Get(i))
                    {
                        continue;
                    }
                    var doc = atomic.Document(i);
                    if (doc.Get(IndexSchema.Kind) == IndexSchema.KindDocument)
                    {
                        var info = ToDocumentInfo(doc);
                        documents.Add(info);
                        texts[info.Id] = doc.Get(IndexSchema.CleanText) ?? "";
                    }
                    else
                    {
                        passages.Add(ToPassage(doc));
                    }
                }
            }
            return new IndexSnapshotData(documents, texts, passages) { Generation = ((DirectoryReader)reader).IndexCommit.Generation };
        }
        finally
        {
            ReleaseSearcher(searcher);
        }
    }

    public static Document ToLuceneDocument(LoadedDocument loaded)
    {
        var info = loaded.Info;
        var doc = new Document
        {
            new StringField(IndexSchema.Kind, IndexSchema.KindDocument, Field.Store.YES),
            new StringField(IndexSchema.DocumentId, info.Id, Field.Store.YES),
            new StoredField(IndexSchema.StoredTitle, info.Title),
            new StoredField(IndexSchema.Language, info.Language),
            new StoredField(IndexSchema.Hash, info.ContentHash),
            new StoredField(IndexSchema.Topics, string.Join(IndexSchema.Separator, info.Topics)),
            new StoredField(IndexSchema.CleanText, loaded.CleanText),
        };
        AddIfPresent(doc, IndexSchema.Date, info.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AddIfPresent(doc, IndexSchema.Url, info.Url);
        AddIfPresent(doc, IndexSchema.Author, info.Author);
        AddIfPresent(doc, IndexSchema.Publisher, info.Publisher);
        return doc;
    }

    public static Document ToLuceneDocument(Passage passage, DocumentInfo info)
    {
        var text = passage.Text;
        var doc = new Document
        {
            new StringField(IndexSchema.Kind, IndexSchema.KindPassage, Field.Store.YES),
            new StringField(IndexSchema.DocumentId, passage.DocumentId, Field.Store.YES),
            new StringField(IndexSchema.PassageId, passage.Id, Field.Store.YES),
            // Doc values let a hit be mapped to its passage without decompressing stored fields.
            new SortedDocValuesField(IndexSchema.PassageId, new Lucene.Net.Util.BytesRef(passage.Id)),
            new StoredField(IndexSchema.Ordinal, passage.Ordinal),
            new StoredField(IndexSchema.Sentences, string.Join(IndexSchema.Separator, passage.Sentences)),
            new TextField(IndexSchema.Text, text, Field.Store.NO),
            new TextField(IndexSchema.Title, info.Title + " " + (passage.Heading ?? ""), Field.Store.NO),
        };
        AddIfPresent(doc, IndexSchema.Heading, passage.Heading);
        if (TextNormalizer.HasHangul(text))
        {
            doc.Add(new TextField(IndexSchema.TextCjk, text, Field.Store.NO));
        }
        return doc;
    }

    private static void AddIfPresent(Document doc, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            doc.Add(new StoredField(field, value));
        }
    }

    private static DocumentInfo ToDocumentInfo(Document doc)
    {
        var topics = doc.Get(IndexSchema.Topics);
        return new DocumentInfo(
            doc.Get(IndexSchema.DocumentId),
            doc.Get(IndexSchema.StoredTitle),
            DateText.ParseIso(doc.Get(IndexSchema.Date)),
            doc.Get(IndexSchema.Url),
            doc.Get(IndexSchema.Author),
            doc.Get(IndexSchema.Publisher),
            doc.Get(IndexSchema.Language) ?? "en",
            string.IsNullOrEmpty(topics) ? [] : topics.Split(IndexSchema.Separator),
            doc.Get(IndexSchema.Hash));
    }

    private static Passage ToPassage(Document doc) => new(
        doc.Get(IndexSchema.PassageId),
        doc.Get(IndexSchema.DocumentId),
        doc.GetField(IndexSchema.Ordinal).GetInt32Value() ?? 0,
        doc.Get(IndexSchema.Heading),
        doc.Get(IndexSchema.Sentences).Split(IndexSchema.Separator));

    public void Dispose()
    {
        _searchers?.Dispose();
        _directory.Dispose();
    }
}
