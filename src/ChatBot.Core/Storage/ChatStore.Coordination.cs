using System.Data.Common;
using ChatBot.Core.Coordination;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore : ILeaseStore, ISharedNumbers, IEventLedger
{
    private const string LeaseColumns = "name, holder, lease_until, acquired_at";

    private static LeaseHolder ReadLease(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), FromDb(r.GetInt64(2)), TimeSpan.FromMilliseconds(r.GetInt64(4)))
        {
            Since = FromDb(r.GetInt64(3)),
        };

    /// <summary>The columns of <see cref="ReadLease"/>: the row and how long it still runs by the store's clock.</summary>
    private string LeaseSelect => $"{LeaseColumns}, lease_until - {StoreNow} AS remaining";

    async Task<LeaseHolder> ILeaseStore.TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One statement: of several workers racing for a free lease, the row lock (PostgreSQL) or
        // the single writer (SQLite) lets exactly one see its update apply. Both the new expiry and
        // the check whether the old one passed use the store's clock (see StoreNow).
        var taken = await QueryAsync(connection,
            $"""
            INSERT INTO leases (name, holder, lease_until, acquired_at) VALUES (@n, @h, {StoreNow} + @d, {StoreNow})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until,
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END
            WHERE leases.holder = excluded.holder OR leases.lease_until <= {StoreNow}
            RETURNING {LeaseSelect}
            """,
            ReadLease, cancellationToken, ("@n", name), ("@h", holder), ("@d", (long)duration.TotalMilliseconds), StoreClock);
        if (taken.Count == 1)
        {
            return taken[0];
        }
        var current = await QueryAsync(connection, $"SELECT {LeaseSelect} FROM leases WHERE name = @n",
            ReadLease, cancellationToken, ("@n", name), StoreClock);
        // Released between the two statements: free now, but this attempt did not take it.
        return current.FirstOrDefault() ?? new LeaseHolder(name, "", _time.GetUtcNow(), TimeSpan.Zero);
    }

    async Task ILeaseStore.ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM leases WHERE name = @n AND holder = @h",
            cancellationToken, ("@n", name), ("@h", holder));
    }

    async Task<LeaseHolder?> ILeaseStore.FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, $"SELECT {LeaseSelect} FROM leases WHERE name = @n",
            ReadLease, cancellationToken, ("@n", name), StoreClock);
        return rows.FirstOrDefault();
    }

    async Task<IReadOnlyList<LeaseHolder>> ILeaseStore.ListLiveAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // substr, not LIKE: a prefix may hold LIKE's wildcards.
        return await QueryAsync(connection,
            $"SELECT {LeaseSelect} FROM leases WHERE substr(name, 1, length(@p)) = @p AND lease_until > {StoreNow} ORDER BY acquired_at, holder, name",
            ReadLease, cancellationToken, ("@p", prefix), StoreClock);
    }

    async Task<long> ISharedNumbers.RaiseAsync(string name, long atLeast, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            """
            INSERT INTO shared_numbers (name, value, updated_at) VALUES (@n, @v, @now)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            WHERE shared_numbers.value < excluded.value
            """,
            cancellationToken, ("@n", name), ("@v", atLeast), ("@now", ToDb(now)));
        return Convert.ToInt64(await ScalarAsync(connection, null, "SELECT value FROM shared_numbers WHERE name = @n", cancellationToken, ("@n", name)));
    }

    async Task<long?> ISharedNumbers.ReadAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection, null, "SELECT value FROM shared_numbers WHERE name = @n", cancellationToken, ("@n", name));
        return value is null ? null : Convert.ToInt64(value);
    }

    async Task<bool> IEventLedger.TryRecordAsync(string id, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // An expired record is taken over in the same statement, so expiry never needs a purge
        // first; both the expiry written and the one judged are on the store's clock.
        return await ExecuteAsync(connection, null,
            $"""
            INSERT INTO seen_events (event_key, expires_at) VALUES (@k, {StoreNow} + @d)
            ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at
            WHERE seen_events.expires_at <= {StoreNow}
            """,
            cancellationToken, ("@k", id), ("@d", Millis(window)), StoreClock) == 1;
    }

    async Task IEventLedger.RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM seen_events WHERE event_key = @k", cancellationToken, ("@k", id));
    }

    async Task<int> IEventLedger.PurgeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, $"DELETE FROM seen_events WHERE expires_at <= {StoreNow}", cancellationToken, StoreClock);
    }
}
