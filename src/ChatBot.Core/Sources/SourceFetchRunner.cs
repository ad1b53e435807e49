using ChatBot.Core.Coordination;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Sources.Fetching;
using ChatBot.Core.Sources.Storing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Sources;

/// <summary>
/// One pass over the source list (all sources, or only those due): fetches each in turn, keeps
/// its state (validators, outcome and reason, failure streak, next fetch with backoff), then, if
/// anything was stored, refreshes the knowledge base and the corpus change log so the new
/// documents are answerable and reach the next digests. A failing source is logged once per
/// failure streak, not on every retry. Workers sharing a database claim each fetch first, so a
/// source is fetched by one of them per interval, and every pass copies what the others stored
/// into this worker's data folder.
/// </summary>
public sealed class SourceFetchRunner(
    SourceCatalog catalog,
    SourceFetcher fetcher,
    ISourceStateStore store,
    SourceDocumentStore documents,
    IKnowledgeBase knowledge,
    CorpusChangeTracker changes,
    IOptions<SourceOptions> options,
    TimeProvider time,
    ILogger<SourceFetchRunner> logger,
    WorkerIdentity? worker = null,
    LostClaims? lostClaims = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _workerName = (worker ?? new WorkerIdentity()).Name;
    private long _claims;

    /// <exception cref="InvalidDataException">The source list is invalid.</exception>
    public async Task<SourceRunReport> RunAsync(bool dueOnly, IProgress<SourceProgress>? progress, CancellationToken cancellationToken)
    {
        var sources = catalog.Load();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await DatabaseClock.SyncIfSharedAsync(time, cancellationToken);
            var states = (await store.ListStatesAsync(cancellationToken)).ToDictionary(s => s.SourceId, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var due = sources
                .Where(s => !dueOnly || !states.TryGetValue(s.Id, out var st) || st.NextFetchAt is null || st.NextFetchAt <= now)
                .ToList();
            var results = new List<SourceFetchResult>();
            for (var i = 0; i < due.Count; i++)
            {
                progress?.Report(new SourceProgress(i, due.Count, due[i].Id));
                var holder = $"{_workerName}/source/{Interlocked.Increment(ref _claims)}";
                var takenAt = time.GetTimestamp();
                if (!await store.TryClaimFetchAsync(due[i].Id, holder, options.Value.ClaimLease, time.GetUtcNow(), dueOnly, cancellationToken))
                {
                    continue; // Another worker is fetching it, or just did.
                }
                // Read again after the claim: another worker may have fetched it since the list was read.
                var state = (await store.ListStatesAsync(cancellationToken)).FirstOrDefault(s => s.SourceId == due[i].Id) ?? SourceState.New(due[i].Id);
                if (await FetchOneAsync(due[i], state, holder, takenAt, cancellationToken) is { } result)
                {
                    results.Add(result);
                }
            }
            progress?.Report(new SourceProgress(due.Count, due.Count, null));
            var copied = await documents.SyncFromRegisterAsync(cancellationToken);

            IndexReport? index = null;
            string? refreshError = null;
            if (results.Any(r => r.StoredSomething) || copied > 0)
            {
                try
                {
                    index = await knowledge.RefreshAsync(rebuild: false, progress: null, cancellationToken);
                    await changes.SyncAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    refreshError = ex.Message;
                    logger.LogError(ex, "Fetched documents were stored but re-indexing failed: {Message}", ex.Message);
                }
            }
            return new SourceRunReport(results, index, refreshError);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The earliest time a source is due again (null when there are no sources).</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        var ids = catalog.Load().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return null;
        }
        var states = (await store.ListStatesAsync(cancellationToken)).Where(s => ids.Contains(s.SourceId)).ToList();
        if (states.Count < ids.Count || states.Any(s => s.NextFetchAt is null))
        {
            return time.GetUtcNow();
        }
        return states.Min(s => s.NextFetchAt);
    }

    /// <returns>The fetch's result, or null when this worker lost the claim mid-way (the store took nothing more from it).</returns>
    private async Task<SourceFetchResult?> FetchOneAsync(SourceDefinition source, SourceState state, string holder, long takenAt, CancellationToken cancellationToken)
    {
        var interval = options.Value.FetchInterval > TimeSpan.Zero ? options.Value.FetchInterval : TimeSpan.FromHours(6);
        var lease = options.Value.ClaimLease;
        // A feed with many slow pages can take longer than the claim: it is renewed while the fetch
        // runs, and a renewal the store refuses (another worker fetches now) stops the fetch.
        await using var heartbeat = new ClaimHeartbeat(ct => store.RenewFetchAsync(source.Id, holder, lease, ct), lease, lease / 3, takenAt, time, logger,
            $"Source {source.Id} fetch ({holder})");
        using var fetching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.Lost);
        SourceFetchResult result;
        SourceState next;
        try
        {
            var (fetched, etag, lastModified) = await fetcher.FetchAsync(source, state, holder, fetching.Token);
            var now = time.GetUtcNow();
            result = fetched;
            if (state.FailureStreak > 0)
            {
                logger.LogInformation("Source {Source} recovered after {Failures} failed fetch(es): {Reason}", source.Id, state.FailureStreak, fetched.Reason);
            }
            next = state with
            {
                LastFetchAt = now,
                LastOutcome = fetched.Outcome,
                LastReason = fetched.Reason,
                FailureStreak = 0,
                NextFetchAt = now + interval,
                ETag = etag,
                LastModified = lastModified,
            };
        }
        catch (FetchFailedException ex) when (!heartbeat.IsLost)
        {
            var now = time.GetUtcNow();
            var streak = state.FailureStreak + 1;
            result = new SourceFetchResult(source.Id, FetchOutcome.Failed, ex.Message, ex.Kind, 0, 0, 0, 0);
            if (streak == 1)
            {
                logger.LogWarning("Source {Source} failed ({Kind}): {Reason}; retrying with backoff", source.Id, ex.Kind, ex.Message);
            }
            else
            {
                logger.LogDebug("Source {Source} failed again ({Streak} in a row): {Reason}", source.Id, streak, ex.Message);
            }
            next = state with
            {
                LastFetchAt = now,
                LastOutcome = FetchOutcome.Failed,
                LastReason = ex.Message,
                FailureStreak = streak,
                NextFetchAt = now + Backoff(streak, interval),
            };
        }
        catch (SourceClaimLostException ex)
        {
            return ClaimLost(source, ex.Message);
        }
        catch (Exception) when (heartbeat.IsLost && !cancellationToken.IsCancellationRequested)
        {
            return ClaimLost(source, "a renewal of the fetch's claim was refused while it ran");
        }
        var counts = await store.CountDocumentsAsync(cancellationToken);
        if (!await store.CompleteFetchAsync(next with { Items = counts.GetValueOrDefault(source.Id) }, holder, cancellationToken))
        {
            return ClaimLost(source, "the store refused the fetch's outcome: this worker's claim was lost (another worker took the fetch over, or it ran out)");
        }
        return result;
    }

    private SourceFetchResult? ClaimLost(SourceDefinition source, string reason)
    {
        // The worker holding the claim now records the fetch; anything written here would overwrite it.
        lostClaims?.Refused(LostClaims.SourceFetch);
        logger.LogWarning("Source {Source}: {Reason}; this worker leaves the fetch to the claim's holder", source.Id, reason);
        return null;
    }

    /// <summary>FailureBackoff, doubling per failure in a row, never longer than the normal interval.</summary>
    internal TimeSpan Backoff(int streak, TimeSpan interval)
    {
        var first = options.Value.FailureBackoff;
        var factor = Math.Pow(2, Math.Min(streak - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, interval.Ticks));
        return delay;
    }
}
