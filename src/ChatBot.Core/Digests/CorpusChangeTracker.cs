using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;

namespace ChatBot.Core.Digests;

/// <summary>
/// Keeps the corpus change log in step with the knowledge base: compares the indexed documents
/// (ids and content hashes) with the log and records what was added, changed or removed, at the
/// time it was noticed.
/// </summary>
/// <remarks>
/// Several workers may share one log, each with its own index that catches up at its own pace. So
/// after its first comparison a tracker records only what changed in its <em>own</em> view since
/// its previous one: a document another worker already announced (or already saw go) is not
/// announced again, and a worker that has not yet indexed a new document does not take it for
/// removed, which would make the next worker re-add it as new. The first comparison of a process
/// compares the whole view with the log, so what changed while no worker ran is still recorded.
/// </remarks>
public sealed class CorpusChangeTracker(IKnowledgeBase knowledge, ICorpusChangeLog log, TimeProvider time)
{
    // Syncs from the scheduler, "post now" and the CLI may overlap; each must see the other's rows.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Document id → content hash at this tracker's previous sync; null before the first.</summary>
    private Dictionary<string, string>? _previousView;

    /// <summary>Waits for the knowledge base, then records the differences.</summary>
    public async Task<CorpusSyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        await knowledge.WhenReady.WaitAsync(cancellationToken);
        // A stale view would record documents another process indexed as removed.
        await knowledge.CatchUpAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var known = (await log.ListAsync(cancellationToken)).ToDictionary(c => c.DocumentId, StringComparer.Ordinal);
            // The first sync meets a corpus that existed before the bot: date its documents by their own
            // date, not "now", so previews such as `digest --since` say something useful on a fresh store.
            var bootstrap = await log.LastSyncedAsync(cancellationToken) is null;
            var previous = _previousView;
            var updates = new List<DocumentChange>();
            var added = new List<string>();
            var changed = new List<string>();
            var removed = new List<string>();
            var current = new Dictionary<string, string>(StringComparer.Ordinal);

            foreach (var document in knowledge.Documents)
            {
                current[document.Id] = document.ContentHash;
                if (previous is not null && previous.TryGetValue(document.Id, out var seen) && string.Equals(seen, document.ContentHash, StringComparison.Ordinal))
                {
                    continue; // Not new to this worker: whatever the log says came from a view at least as recent.
                }
                if (!known.TryGetValue(document.Id, out var row) || row.RemovedAt is not null)
                {
                    var firstSeen = bootstrap ? FirstSeenAtBootstrap(document, now) : now;
                    updates.Add(new DocumentChange(document.Id, document.ContentHash, firstSeen, firstSeen, null));
                    added.Add(document.Id);
                }
                else if (!string.Equals(row.ContentHash, document.ContentHash, StringComparison.Ordinal))
                {
                    updates.Add(row with { ContentHash = document.ContentHash, LastChanged = now });
                    changed.Add(document.Id);
                }
            }
            foreach (var row in known.Values.Where(r => r.RemovedAt is null && !current.ContainsKey(r.DocumentId)))
            {
                if (previous is not null && !previous.ContainsKey(row.DocumentId))
                {
                    continue; // This worker never had it: it is behind, not the document gone.
                }
                updates.Add(row with { RemovedAt = now });
                removed.Add(row.DocumentId);
            }

            await log.ApplyAsync(updates, now, cancellationToken);
            _previousView = current;
            return new CorpusSyncResult(added, changed, removed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Documents present now with their first-seen and last-changed times.</summary>
    public async Task<IReadOnlyList<DocumentChange>> CurrentAsync(CancellationToken cancellationToken) =>
        (await log.ListAsync(cancellationToken)).Where(c => c.RemovedAt is null).ToList();

    private static DateTimeOffset FirstSeenAtBootstrap(DocumentInfo document, DateTimeOffset now)
    {
        if (document.Date is not { } date)
        {
            return now;
        }
        var dated = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return dated < now ? dated : now;
    }
}
