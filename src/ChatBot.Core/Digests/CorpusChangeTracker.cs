using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Storage;

namespace ChatBot.Core.Digests;

/// <summary>What one comparison of the index with the change log found.</summary>
public sealed record CorpusSyncResult(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);

/// <summary>
/// Keeps the corpus change log in step with the knowledge base: compares the indexed documents
/// (ids and content hashes) with the log and records what was added, changed or removed, at the
/// time it was noticed.
/// </summary>
public sealed class CorpusChangeTracker(IKnowledgeBase knowledge, ICorpusChangeLog log, TimeProvider time)
{
    // Syncs from the scheduler, "post now" and the CLI may overlap; each must see the other's rows.
    private readonly SemaphoreSlim _gate = new(1, 1);

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
            var updates = new List<DocumentChange>();
            var added = new List<string>();
            var changed = new List<string>();
            var removed = new List<string>();
            var current = new HashSet<string>(StringComparer.Ordinal);

            foreach (var document in knowledge.Documents)
            {
                current.Add(document.Id);
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
            foreach (var row in known.Values.Where(r => r.RemovedAt is null && !current.Contains(r.DocumentId)))
            {
                updates.Add(row with { RemovedAt = now });
                removed.Add(row.DocumentId);
            }

            await log.ApplyAsync(updates, now, cancellationToken);
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
