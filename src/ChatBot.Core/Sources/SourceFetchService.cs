using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Sources;

/// <summary>
/// Fetches due sources in the running worker, on <see cref="TimeProvider"/>: at start-up (in the
/// background, so the worker answers at once, with or without a network), then whenever the
/// earliest source is due again (every <see cref="SourceOptions.FetchInterval"/>, sooner for a
/// failing source's backoff), and at least every <see cref="SourceOptions.SyncInterval"/> to pick
/// up what other workers fetched. Off when the fetch interval is zero.
/// </summary>
public sealed class SourceFetchService(SourceFetchRunner runner, IOptions<SourceOptions> options, TimeProvider time, ILogger<SourceFetchService> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var interval = options.Value.FetchInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        string? lastListError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = interval;
            try
            {
                var report = await runner.RunAsync(dueOnly: true, progress: null, stoppingToken);
                lastListError = null;
                if (report.Added + report.Updated > 0)
                {
                    logger.LogInformation("Sources fetched: {Added} new, {Updated} updated document(s), {Failed} source(s) failing",
                        report.Added, report.Updated, report.Failed);
                }
                if (await runner.NextDueAsync(stoppingToken) is { } next)
                {
                    sleep = next - time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A broken source list must not stop the worker; it is said once until it changes.
                if (ex.Message != lastListError)
                {
                    logger.LogError(ex, "Fetching sources failed: {Message}", ex.Message);
                    lastListError = ex.Message;
                }
            }
            var longest = options.Value.SyncInterval > TimeSpan.Zero && options.Value.SyncInterval < interval ? options.Value.SyncInterval : interval;
            sleep = sleep < MinimumSleep ? MinimumSleep : sleep > longest ? longest : sleep;
            try
            {
                await Task.Delay(sleep, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
