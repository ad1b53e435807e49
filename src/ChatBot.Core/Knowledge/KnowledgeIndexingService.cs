using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Builds or refreshes the index in the background at start-up, so the web endpoints come up at
/// once; <see cref="IKnowledgeBase.WhenReady"/> completes when it is done (or faults if it failed).
/// </summary>
public sealed class KnowledgeIndexingService(IKnowledgeBase knowledge, ILogger<KnowledgeIndexingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var progress = new QuarterProgressLog(logger);
        try
        {
            var report = await knowledge.RefreshAsync(rebuild: false, progress, stoppingToken);
            foreach (var skipped in report.Skipped)
            {
                logger.LogWarning("Skipped {File}: {Reason}", skipped.Path, skipped.Reason);
            }
            logger.LogInformation(
                "Knowledge base ready: {Documents} documents, {Passages} passages, reindexed: {Reindexed} ({Elapsed} ms)",
                report.Documents, report.Passages, report.Reindexed, (long)report.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Indexing the corpus failed: {Message}", ex.Message);
        }
    }

    /// <summary>
    /// Logs at each quarter of the files, in order. Files are loaded in parallel and
    /// <see cref="Progress{T}"/> would post reports to the thread pool, out of order.
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
