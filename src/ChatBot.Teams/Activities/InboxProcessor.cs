using System.Collections.Concurrent;
using System.Text.Json;
using ChatBot.Core.Storage;
using ChatBot.Teams.Connector;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Works through the Teams inbox: every accepted activity was stored before Teams got its 200, so
/// none is lost to a stop or a crash. Up to <see cref="TeamsOptions.ReplyConcurrency"/> activities run side by side, but never two of one
/// conversation, which keeps replies in order; each pass claims as many as there are free slots in
/// one statement, and every store write of an activity goes through the store's group commit. Throttling (429 beyond what a request waits) and
/// transient Connector failures defer the activity instead of answering "sorry". On a graceful stop
/// the activities in progress get <see cref="TeamsOptions.DrainTimeout"/> to finish; whatever is
/// left is handed back with the replies it already posted counted, and the next start resumes it.
/// </summary>
internal sealed class InboxProcessor(
    IInbox inbox,
    InboxSignal signal,
    InboxBacklog backlog,
    TeamsActivityHandler handler,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    internal const string Platform = "teams";
    internal const int MaxAttempts = 6;
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CountInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private int _dueChanged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = DateTimeOffset.MinValue;
        var nextCount = DateTimeOffset.MinValue;
        var dueLookedUp = DateTimeOffset.MinValue;
        DateTimeOffset? due = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                var now = time.GetUtcNow();
                // One claim per pass for every free slot: the signal coalesces, so the replies that
                // finished while the last pass ran are refilled together.
                var free = options.Value.ReplyConcurrency - _running.Count;
                var leased = 0;
                if (free > 0)
                {
                    var items = await inbox.LeaseAsync(Platform, free, now, now + Lease, stoppingToken).ConfigureAwait(false);
                    foreach (var item in items)
                    {
                        // Registered before it starts, so its own clean-up can never run first.
                        var work = new Task<Task>(() => ProcessAsync(item));
                        _running[item.Id] = work.Unwrap();
                        work.Start(TaskScheduler.Default);
                    }
                    leased = items.Count;
                }
                if (now >= nextCount)
                {
                    backlog.Counted(await inbox.CountPendingAsync(Platform, stoppingToken).ConfigureAwait(false));
                    nextCount = now + CountInterval;
                }
                if (now >= nextPurge)
                {
                    await inbox.PurgeAsync(now - Retention, stoppingToken).ConfigureAwait(false);
                    nextPurge = now + TimeSpan.FromHours(1);
                }
                if (leased < free)
                {
                    // Slots stay free: wake for the earliest deferral or lease end. Looked up at most
                    // once per MinimumWait (it reads every unfinished row), unless this worker deferred
                    // or handed back an item since.
                    if (Interlocked.Exchange(ref _dueChanged, 0) == 1 || now - dueLookedUp >= MinimumWait)
                    {
                        due = await inbox.NextDueAsync(Platform, stoppingToken).ConfigureAwait(false);
                        dueLookedUp = now;
                    }
                    if (due is { } next)
                    {
                        // A floor: items waiting behind a running one of their conversation are due but not
                        // leasable; the finishing worker's signal picks them up.
                        wait = next - now < MinimumWait ? MinimumWait : next - now < PollInterval ? next - now : PollInterval;
                    }
                }
                // Otherwise every slot is busy, and each one signals when it finishes.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Teams inbox pass failed; trying again shortly");
                wait = MinimumWait * 5;
            }
            try
            {
                await signal.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await DrainAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        var running = _running.Values.ToArray();
        if (running.Length > 0)
        {
            logger.LogInformation("Stopping: waiting up to {Timeout} for {Count} Teams activit(ies) in progress", options.Value.DrainTimeout, running.Length);
            var all = Task.WhenAll(running);
            await Task.WhenAny(all, Task.Delay(options.Value.DrainTimeout, time)).ConfigureAwait(false);
            if (!all.IsCompleted)
            {
                // What is still running is handed back (with its posted replies counted) for the next start.
                await _abort.CancelAsync().ConfigureAwait(false);
                try
                {
                    await all.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "A Teams activity failed while stopping");
                }
            }
        }
        _abort.Dispose();
    }

    private async Task ProcessAsync(InboxItem item)
    {
        try
        {
            await ProcessCoreAsync(item).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The store itself failed: the lease runs out and a later pass retries the item.
            logger.LogError(ex, "Teams activity {Key} could not be recorded", item.Key);
        }
        finally
        {
            _running.TryRemove(item.Id, out _);
            signal.Notify();
        }
    }

    private async Task ProcessCoreAsync(InboxItem item)
    {
        var token = _abort.Token;
        try
        {
            var activity = Parse(item.Payload);
            if (activity is null)
            {
                await CompleteAsync(item, "failed", "stored activity is unreadable").ConfigureAwait(false);
                return;
            }
            var progress = new ReplyProgress(item.PartsDone, (done, _) => inbox.RecordPartsAsync(item.Id, done, CancellationToken.None));
            await handler.HandleAsync(activity, progress, token).ConfigureAwait(false);
            await CompleteAsync(item, "done", null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await inbox.ReleaseAsync(item.Id, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _dueChanged, 1);
        }
        catch (ConnectorException ex) when ((ex.IsTransient || ex.RetryAfter is not null) && item.Attempts + 1 < MaxAttempts)
        {
            var wait = ex.RetryAfter ?? FirstRetry * Math.Pow(2, item.Attempts);
            logger.LogWarning("Teams activity {Key} deferred for {Wait} (attempt {Attempt} of {Max}): {Reason}",
                item.Key, wait, item.Attempts + 1, MaxAttempts, ex.Message);
            await inbox.DeferAsync(item.Id, ex.Message, time.GetUtcNow() + wait, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _dueChanged, 1);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Teams activity {Key} failed after {Attempts} attempt(s)", item.Key, item.Attempts + 1);
            await CompleteAsync(item, "failed", ex.Message).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(InboxItem item, string outcome, string? reason)
    {
        await inbox.CompleteAsync(item.Id, outcome, reason, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        backlog.Finished();
    }

    private static Activity? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Activity>(payload, Activity.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
