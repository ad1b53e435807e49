using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Coordination;

/// <summary>Reads the clock every worker's claims are judged by (the database server's, where the store is shared).</summary>
public interface IStoreClockReader
{
    Task<DateTimeOffset> ReadStoreClockAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The clock schedules run on (digest cron times, retries, next fetches, digest windows) where
/// several workers share one database: the database server's clock, so that a digest is due at
/// the same instant on every worker however far their own clocks are off, and never fires early on
/// one that runs ahead. It reads the server's time (compensating half the round trip) and counts
/// on from there with this worker's monotonic clock, so a jump of the worker's wall clock changes
/// nothing; <see cref="SyncAsync"/> reads it again at most every <see cref="ResyncInterval"/>
/// (the schedulers call it before each pass). Until the first read succeeds it is the worker's
/// own clock. Timers and timestamps are the worker's (durations need no correction).
/// </summary>
public sealed class DatabaseClock : TimeProvider
{
    /// <summary>How stale the reading may get: monotonic clocks drift well under a millisecond a minute.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(1);

    /// <summary>An offset from the worker's clock worth a warning: schedules would be that much off without this clock.</summary>
    private static readonly TimeSpan NotableOffset = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _local;
    private readonly IStoreClockReader? _store;
    private readonly ILogger? _logger;
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private volatile Reading? _reading;
    private bool _warned;

    /// <param name="store">Null where the store is this process's own (SQLite): the worker's clock is the store's.</param>
    public DatabaseClock(TimeProvider local, IStoreClockReader? store, ILogger<DatabaseClock>? logger = null)
    {
        _local = local;
        _store = store;
        _logger = logger;
    }

    /// <summary>The database clock minus the worker's, as of the last reading (null before the first, or where there is none).</summary>
    public TimeSpan? Offset => _reading is { } r ? Now(r) - _local.GetUtcNow() : null;

    public override DateTimeOffset GetUtcNow() => _reading is { } r ? Now(r) : _local.GetUtcNow();

    public override long GetTimestamp() => _local.GetTimestamp();

    public override long TimestampFrequency => _local.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _local.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _local.CreateTimer(callback, state, dueTime, period);

    /// <summary>Builds <typeparamref name="T"/> from <paramref name="services"/> with the <see cref="DatabaseClock"/> as its <see cref="TimeProvider"/>.</summary>
    public static T Build<T>(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<T>(services, services.GetRequiredService<DatabaseClock>());

    /// <summary>Syncs <paramref name="time"/> when it is a <see cref="DatabaseClock"/>; any other clock needs nothing.</summary>
    public static Task SyncIfSharedAsync(TimeProvider time, CancellationToken cancellationToken) =>
        time is DatabaseClock clock ? clock.SyncAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Reads the database clock when the last reading is older than <see cref="ResyncInterval"/>.
    /// A failed read keeps the last reading (or the worker's own clock) and is logged; it never throws
    /// but for cancellation.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (_store is null || IsFresh())
        {
            return;
        }
        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh())
            {
                return;
            }
            var sent = _local.GetTimestamp();
            var server = await _store.ReadStoreClockAsync(cancellationToken).ConfigureAwait(false);
            var received = _local.GetTimestamp();
            // The server read its clock somewhere in the round trip: the middle errs by at most half of it.
            var reading = new Reading(server, sent + (received - sent) / 2, received);
            _reading = reading;
            var offset = Now(reading) - _local.GetUtcNow();
            if (offset.Duration() >= NotableOffset && !_warned)
            {
                _warned = true;
                _logger?.LogWarning("This worker's clock is {Offset} off the database server's; schedules (digests, retries, source fetches) run on the server's clock", offset);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger?.LogWarning("Could not read the database clock ({Error}); schedules go on with {Clock}", e.Message,
                _reading is null ? "this worker's own clock" : "the last reading");
        }
        finally
        {
            _syncing.Release();
        }
    }

    private bool IsFresh() => _reading is { } r && _local.GetElapsedTime(r.ReadAt) < ResyncInterval;

    private DateTimeOffset Now(Reading reading) => reading.Server + _local.GetElapsedTime(reading.Timestamp);

    /// <param name="Timestamp">The worker's monotonic timestamp the server's time corresponds to.</param>
    /// <param name="ReadAt">When the reading arrived, for its age.</param>
    private sealed record Reading(DateTimeOffset Server, long Timestamp, long ReadAt);
}
