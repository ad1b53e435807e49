using ChatBot.Core.Conversations;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Coordination;

/// <summary>
/// "Handle this event once" for every platform adapter: this process's <see cref="RecentEventIds"/>
/// answers repeats it saw itself without a round trip; with a store shared by several workers the
/// first sighting is also recorded there (insert-if-absent with expiry), so a redelivery that
/// reaches another worker is recognised as well. Without a shared store the local set is all there is.
/// </summary>
public sealed class EventDeduplicator(RecentEventIds local, TimeProvider time, ILogger<EventDeduplicator> logger, IEventLedger? shared = null)
{
    /// <summary>How often expired shared records are deleted, at most (any worker's call may do it).</summary>
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(5);

    private long _nextPurgeTicks;

    /// <summary>True when the store is shared by several workers and records every id.</summary>
    public bool IsShared => shared is not null;

    /// <returns>True the first time any worker sees the id within the window; false for a repeat.</returns>
    public async Task<bool> TryAddAsync(string id, CancellationToken cancellationToken)
    {
        if (!local.TryAdd(id))
        {
            return false;
        }
        if (shared is null)
        {
            return true;
        }
        var now = time.GetUtcNow();
        try
        {
            var first = await shared.TryRecordAsync(id, local.Window, cancellationToken).ConfigureAwait(false);
            if (!first)
            {
                logger.LogInformation("Event {EventId} was already handled by another worker; ignoring the repeat", id);
            }
            await PurgeNowAndThenAsync(now, cancellationToken).ConfigureAwait(false);
            return first;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An unreachable store must not silence the bot: answering a rare cross-worker repeat
            // twice is the lesser harm. This worker's own repeats are still caught locally.
            logger.LogWarning("Shared event de-duplication unavailable ({Error}); handling {EventId} on this worker's record alone", e.Message, id);
            return true;
        }
    }

    /// <summary>Forgets an id whose event could not be accepted, so the sender's retry is handled (here or on another worker).</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        local.Remove(id);
        if (shared is null)
        {
            return;
        }
        try
        {
            await shared.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not forget event {EventId} in the shared store ({Error}); a retry reaching another worker within {Window} is ignored there",
                id, e.Message, local.Window);
        }
    }

    private async Task PurgeNowAndThenAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeEvery).UtcTicks, due) != due)
        {
            return;
        }
        var purged = await shared!.PurgeAsync(cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            logger.LogDebug("Purged {Count} expired shared event ids", purged);
        }
    }
}
