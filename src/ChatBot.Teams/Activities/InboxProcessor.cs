using System.Collections.Concurrent;
using System.Text.Json;
using ChatBot.Core.Coordination;
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
    ILogger<InboxProcessor> logger,
    WorkerIdentity? worker = null,
    LostClaims? lostClaims = null) : BackgroundService
{
    internal const string Platform = "teams";
    internal const int MaxAttempts = 6;

    private TimeSpan Lease => options.Value.ClaimLease;

    /// <summary>
    /// How often the claim on an activity in progress is renewed, and how long it must still run
    /// (by this worker's clock) for a reply to go out: a reply is then on the wire for at most one
    /// renewal before the heartbeat either renews the claim or finds it lost and cancels the post.
    /// </summary>
    private TimeSpan Renewal => Lease / 3;
    internal static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CountInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly string _workerName = (worker ?? new WorkerIdentity()).Name;
    private long _passes;
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
                    // One holder name per claim: every write about an item is fenced on it.
                    var holder = $"{_workerName}/teams/{Interlocked.Increment(ref _passes)}";
                    var takenAt = time.GetTimestamp();
                    var items = await inbox.LeaseAsync(Platform, holder, free, Lease, stoppingToken).ConfigureAwait(false);
                    foreach (var item in items)
                    {
                        // Registered before it starts, so its own clean-up can never run first.
                        var work = new Task<Task>(() => ProcessAsync(item, holder, takenAt));
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
                    await inbox.PurgeAsync(Retention, stoppingToken).ConfigureAwait(false);
                    nextPurge = now + TimeSpan.FromHours(1);
                }
                if (leased < free)
                {
                    // Slots stay free: wake for the earliest deferral or lease end. Looked up at most
                    // once per MinimumWait (it reads every unfinished row), unless this worker deferred
                    // or handed back an item since.
                    if (Interlocked.Exchange(ref _dueChanged, 0) == 1 || now - dueLookedUp >= MinimumWait)
                    {
                        due = await inbox.NextDueAsync(Platform, now, stoppingToken).ConfigureAwait(false);
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

    private async Task ProcessAsync(InboxItem item, string holder, long takenAt)
    {
        try
        {
            await ProcessCoreAsync(item, holder, takenAt).ConfigureAwait(false);
        }
        catch (InboxClaimLostException ex)
        {
            // Another worker owns the activity now: it answers (resuming after the replies recorded
            // as posted); writing anything here would overwrite its progress.
            lostClaims?.Refused(LostClaims.TeamsInbox);
            logger.LogWarning("Teams activity {Key}: {Reason}", item.Key, ex.Message);
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

    private async Task ProcessCoreAsync(InboxItem item, string holder, long takenAt)
    {
        // The claim is renewed on a heartbeat while the engine thinks and the replies go out, so an
        // answer slower than the claim keeps it; a renewal the store refuses (another worker took
        // the activity over) cancels the work at once.
        await using var heartbeat = new ClaimHeartbeat(ct => inbox.RenewAsync(item.Id, holder, Lease, ct), Lease, Renewal, takenAt, time, logger,
            $"Teams activity {item.Key} (item {item.Id}, {holder})");
        using var work = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, heartbeat.Lost);
        var token = work.Token;
        try
        {
            var activity = Parse(item.Payload);
            if (activity is null)
            {
                await CompleteAsync(item, holder, "failed", "stored activity is unreadable").ConfigureAwait(false);
                return;
            }
            var progress = new ReplyProgress(item.PartsDone,
                (done, _) => FencedAsync(item, inbox.RecordPartsAsync(item.Id, holder, done, CancellationToken.None), $"reply {done} as posted"),
                // Confirmed (renewed) right before every reply, with a renewal's worth still to run:
                // a worker that was paused past its claim learns before posting that another worker
                // answers now, and one that cannot reach the store posts nothing it might not own.
                async cancellationToken =>
                {
                    if (!await heartbeat.ConfirmAsync(Renewal, cancellationToken).ConfigureAwait(false))
                    {
                        throw ClaimLost(item, "a renewal before the next reply");
                    }
                });
            await handler.HandleAsync(activity, progress, token).ConfigureAwait(false);
            await CompleteAsync(item, holder, "done", null).ConfigureAwait(false);
        }
        catch (InboxClaimLostException)
        {
            throw;
        }
        catch (Exception) when (heartbeat.IsLost && !_abort.IsCancellationRequested)
        {
            // Whatever the work was doing when the heartbeat found the claim gone, the new holder
            // answers the activity; nothing is written here.
            throw ClaimLost(item, "a renewal while the answer was being prepared");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await inbox.ReleaseAsync(item.Id, holder, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _dueChanged, 1);
        }
        catch (ConnectorException ex) when ((ex.IsTransient || ex.RetryAfter is not null) && item.Attempts + 1 < MaxAttempts)
        {
            var wait = ex.RetryAfter ?? FirstRetry * Math.Pow(2, item.Attempts);
            logger.LogWarning("Teams activity {Key} deferred for {Wait} (attempt {Attempt} of {Max}): {Reason}",
                item.Key, wait, item.Attempts + 1, MaxAttempts, ex.Message);
            await FencedAsync(item, inbox.DeferAsync(item.Id, holder, ex.Message, wait, CancellationToken.None), "its deferral").ConfigureAwait(false);
            Volatile.Write(ref _dueChanged, 1);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Teams activity {Key} failed after {Attempts} attempt(s)", item.Key, item.Attempts + 1);
            await CompleteAsync(item, holder, "failed", ex.Message).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(InboxItem item, string holder, string outcome, string? reason)
    {
        await FencedAsync(item, inbox.CompleteAsync(item.Id, holder, outcome, reason, CancellationToken.None), $"its completion ({outcome})").ConfigureAwait(false);
        backlog.Finished();
    }

    /// <summary>A write the inbox refused (the claim is another worker's now, or ran out) stops the item here.</summary>
    private static async Task FencedAsync(InboxItem item, Task<bool> write, string what)
    {
        if (!await write.ConfigureAwait(false))
        {
            throw ClaimLost(item, what);
        }
    }

    private static InboxClaimLostException ClaimLost(InboxItem item, string what) =>
        new($"the inbox refused {what}: this worker's claim on the activity was lost (another worker took it over, or it ran out); it posts and records nothing more for it (item {item.Id})");

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
