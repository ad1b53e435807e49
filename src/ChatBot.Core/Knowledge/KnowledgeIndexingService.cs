using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Builds or refreshes the index in the background at start-up, so the web endpoints come up at
/// once; <see cref="IKnowledgeBase.WhenReady"/> completes when it is done (or faults if it failed).
/// Then it refreshes every <see cref="IndexOptions.RefreshInterval"/>, so documents added to the
/// corpus reach answers and digests without a restart, and a failed first load is retried.
/// </summary>
public sealed class KnowledgeIndexingService(
    IKnowledgeBase knowledge,
    IOptions<IndexOptions> options,
    TimeProvider time,
    ILogger<KnowledgeIndexingService> logger) : BackgroundService
{
    // The files skipped at the last refresh: only what is new since is logged, and the set never
    // grows beyond the current corpus however many files come and go.
    private HashSet<SkippedFile> _warned = [];

    /// <summary>
    /// How often the worker looks for a commit another process (the <c>index</c> command) made to
    /// the same index: one directory listing, and a reload only when there is one.
    /// </summary>
    public static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var loaded = await RefreshAsync(new QuarterProgressLog(logger), initial: true, stoppingToken);
        await Task.WhenAll(RefreshLoopAsync(loaded, stoppingToken), CatchUpLoopAsync(stoppingToken));
    }

    private async Task CatchUpLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CatchUpInterval, time, stoppingToken);
                await knowledge.CatchUpAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RefreshLoopAsync(bool loaded, CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            loaded = await RefreshAsync(progress: null, initial: !loaded, stoppingToken) || loaded;
        }
    }

    /// <returns>True when the refresh succeeded.</returns>
    private async Task<bool> RefreshAsync(IProgress<IndexProgress>? progress, bool initial, CancellationToken stoppingToken)
    {
        try
        {
            var report = await knowledge.RefreshAsync(rebuild: false, progress, stoppingToken);
            // Once per file and reason: a file that stays broken is not news every interval.
            foreach (var skipped in report.Skipped.Where(s => !_warned.Contains(s)))
            {
                logger.LogWarning("Skipped {File}: {Reason}", skipped.Path, skipped.Reason);
            }
            _warned = report.Skipped.ToHashSet();
            if (initial)
            {
                logger.LogInformation(
                    "Knowledge base ready: {Documents} documents, {Passages} passages, reindexed: {Reindexed} ({Elapsed} ms)",
                    report.Documents, report.Passages, report.Reindexed, (long)report.Elapsed.TotalMilliseconds);
            }
            else if (report.Added.Count + report.Changed.Count + report.Removed.Count > 0)
            {
                logger.LogInformation(
                    "Corpus refreshed: {Added} added, {Changed} changed, {Removed} removed; {Documents} documents",
                    report.Added.Count, report.Changed.Count, report.Removed.Count, report.Documents);
            }
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Indexing the corpus failed: {Message}", ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Logs at each quarter of the files, in order. Reports are handled on the refreshing thread as
    /// they come: <see cref="Progress{T}"/> would post them to the thread pool, where they can arrive
    /// out of order.
    /// </summary>
    private sealed class QuarterProgressLog(ILogger logger) : IProgress<IndexProgress>
    {
        private int _loggedQuarter = -1;

        public void Report(IndexProgress value)
        {
            var quarter = value.Total == 0 ? 4 : value.Done * 4 / value.Total;
            int seen;
            do
            {
                seen = Volatile.Read(ref _loggedQuarter);
                if (quarter <= seen)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _loggedQuarter, quarter, seen) != seen);
            logger.LogInformation("Indexing corpus: {Done}/{Total} files", value.Done, value.Total);
        }
    }
}
