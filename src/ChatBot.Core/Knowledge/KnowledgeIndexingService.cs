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
        var lastLogged = -1;
        var progress = new Progress<IndexProgress>(p =>
        {
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            if (percent / 25 != lastLogged / 25)
            {
                lastLogged = percent;
                logger.LogInformation("Indexing corpus: {Done}/{Total} files", p.Done, p.Total);
            }
        });
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
}
