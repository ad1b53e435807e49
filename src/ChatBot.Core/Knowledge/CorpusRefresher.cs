using System.Diagnostics;
using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// One refresh of the index from the corpus and fetched sources: reads each file, compares its
/// hash with the manifest of the last commit, writes what was added, changed or removed in one
/// commit and works out the snapshot that commit stands for. Callers serialize refreshes.
/// </summary>
internal sealed class CorpusRefresher(ChatBotPaths paths, CorpusLoader loader, long maxFileBytes, Lazy<PassageIndex> index, CurrentSnapshot current, ILogger logger)
{
    /// <summary>
    /// An index that cannot be read (a damaged or truncated file, a missing segment) is derived
    /// data: it is discarded and rebuilt from the corpus, while answers keep coming from the
    /// snapshot already in memory, if there is one.
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await RefreshCoreAsync(rebuild, reopen: false, progress, cancellationToken);
        }
        catch (UnreadableIndexException ex)
        {
            logger.LogWarning(ex.InnerException,
                "The index in {Path} cannot be read ({Reason}); rebuilding it from the corpus{Meanwhile}",
                paths.IndexPath, ex.Message, current.Value.Documents.Count > 0 ? ", answering from the last good snapshot meanwhile" : "");
            index.Value.DiscardFiles();
            return await RefreshCoreAsync(rebuild: true, reopen: true, progress, cancellationToken);
        }
    }

    /// <summary>The snapshot of the last commit on disk, read back whole (another process made it).</summary>
    public (KnowledgeSnapshot Snapshot, long Generation) Reload()
    {
        var passageIndex = index.Value;
        passageIndex.RefreshSearchers();
        var data = passageIndex.ReadAll();
        return (KnowledgeSnapshot.From(data), data.Generation);
    }

    /// <summary>Reads the index, turning any failure but a busy write lock (another process is writing) into <see cref="UnreadableIndexException"/>.</summary>
    private static T ReadIndex<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LockObtainFailedException or IndexLockedException or OutOfMemoryException or UnreadableIndexException))
        {
            throw new UnreadableIndexException(ex);
        }
    }

    private async Task<RefreshOutcome> RefreshCoreAsync(bool rebuild, bool reopen, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scan = DiscoverFiles();
        var files = scan.Files;
        var passageIndex = index.Value;
        var commit = rebuild ? null : ReadIndex(passageIndex.ReadCommit);
        var previous = commit?.Manifest;
        var create = previous is null;
        previous ??= new Dictionary<string, ManifestEntry>();

        var manifest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var skipped = scan.Skipped.Select(s => new SkippedFile(s.Path, s.Reason)).ToList();
        // Hard links, file links and copies of one file would otherwise be cited as separate sources.
        var pathsByHash = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = new List<DocumentInfo>();
        var changed = new List<DocumentInfo>();
        var removed = new List<string>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var toWrite = new List<LoadedDocument>();
        var done = 0;

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new IndexProgress(done, files.Count, file.RelativePath));
            done++;
            if (!seenIds.Add(file.DocumentId))
            {
                skipped.Add(new SkippedFile(file.RelativePath, $"another file already has the document id '{file.DocumentId}'"));
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = await CorpusFileReader.ReadAsync(file, maxFileBytes, cancellationToken);
            }
            catch (DocumentLoadException ex)
            {
                skipped.Add(new SkippedFile(file.RelativePath, ex.Message));
                continue;
            }
            var hash = CorpusLoader.HashOf(bytes);
            if (!pathsByHash.TryAdd(hash, file.RelativePath))
            {
                skipped.Add(new SkippedFile(file.RelativePath, $"same content as '{pathsByHash[hash]}'"));
                continue;
            }
            if (previous.TryGetValue(file.RelativePath, out var old) && old.Hash == hash)
            {
                manifest[file.RelativePath] = old;
                continue;
            }
            try
            {
                var loaded = loader.Load(file, bytes);
                toWrite.Add(loaded);
                manifest[file.RelativePath] = new ManifestEntry(file.DocumentId, hash);
                (previous.ContainsKey(file.RelativePath) ? changed : added).Add(loaded.Info);
            }
            catch (DocumentLoadException ex)
            {
                skipped.Add(new SkippedFile(file.RelativePath, ex.Message));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A parser bug on one odd file must not stop the rest of the corpus from loading.
                skipped.Add(new SkippedFile(file.RelativePath, $"unreadable: {ex.Message}"));
            }
        }
        progress?.Report(new IndexProgress(files.Count, files.Count, null));

        foreach (var (path, entry) in previous)
        {
            if (!manifest.ContainsKey(path))
            {
                removed.Add(entry.DocumentId);
            }
        }

        var reindexed = create || toWrite.Count > 0 || removed.Count > 0;
        var snapshotGeneration = current.Generation;
        // Another process (the `index` command beside a running worker) may have committed since
        // this snapshot was taken; then the snapshot is read back from disk instead of patched.
        long generation;
        bool behind;
        if (reindexed)
        {
            using var update = ReadIndex(() => passageIndex.BeginUpdate(create));
            behind = update.BaseGeneration != snapshotGeneration;
            foreach (var id in removed)
            {
                update.Remove(id);
            }
            foreach (var loaded in toWrite)
            {
                cancellationToken.ThrowIfCancellationRequested();
                update.Replace(loaded);
            }
            generation = update.Commit(manifest);
        }
        else
        {
            generation = commit!.Generation;
            behind = generation != snapshotGeneration;
        }
        ReadIndex(() =>
        {
            passageIndex.RefreshSearchers(reopen);
            return true;
        });
        KnowledgeSnapshot snapshot;
        if (create)
        {
            snapshot = KnowledgeSnapshot.From(toWrite);
        }
        else if (behind)
        {
            var data = ReadIndex(passageIndex.ReadAll);
            snapshot = KnowledgeSnapshot.From(data);
            generation = data.Generation;
            if (snapshotGeneration >= 0)
            {
                logger.LogInformation("The index was changed by another process; reloaded commit {Generation}: {Documents} documents", generation, snapshot.Documents.Count);
            }
        }
        else
        {
            snapshot = reindexed ? current.Value.With(toWrite, removed) : current.Value;
        }
        var report = new IndexReport(snapshot.Documents.Count, snapshot.PassageCount, skipped, added, changed, removed, reindexed, clock.Elapsed);
        logger.LogDebug(
            "Index ready: {Documents} documents, {Passages} passages ({Added} added, {Changed} changed, {Removed} removed, {Skipped} skipped) in {Elapsed} ms",
            report.Documents, report.Passages, added.Count, changed.Count, removed.Count, skipped.Count, (long)clock.Elapsed.TotalMilliseconds);
        return new RefreshOutcome(snapshot, generation, report);
    }

    /// <summary>
    /// The corpus files, then the documents fetched from public sources (<c>&lt;data&gt;/sources</c>),
    /// whose ids start with <c>sources/</c> so they never collide with corpus paths.
    /// </summary>
    private CorpusScan DiscoverFiles()
    {
        var corpus = loader.Scan(paths.CorpusPath);
        if (!System.IO.Directory.Exists(paths.SourcesPath))
        {
            return corpus;
        }
        var sources = loader.Scan(paths.SourcesPath);
        return new CorpusScan(
            [.. corpus.Files, .. sources.Files.Select(f => new CorpusFile(f.FullPath, KnowledgeBase.SourcesPrefix + f.RelativePath, KnowledgeBase.SourcesPrefix + f.DocumentId))],
            [.. corpus.Skipped, .. sources.Skipped.Select(s => s with { Path = KnowledgeBase.SourcesPrefix + s.Path })]);
    }
}
