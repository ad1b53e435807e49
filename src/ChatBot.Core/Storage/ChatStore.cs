using System.Data.Common;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Feedback;

namespace ChatBot.Core.Storage;

/// <summary>
/// Everything the bot remembers: subscriptions, the delivery log, the corpus change log,
/// conversation references and follow-up context, the answer log, the inbox and source bookkeeping. The SQL is written
/// once, in the subset SQLite and PostgreSQL share (named <c>@</c> parameters, <c>ON CONFLICT</c>,
/// <c>RETURNING</c>, instants as Unix milliseconds); a provider only opens connections and
/// migrates its schema. Every consumer sees it through a narrow interface.
/// </summary>
public abstract partial class ChatStore :
    ISubscriptionStore, IDeliveryLog, ICorpusChangeLog, IConversationStore, IConversationContextStore, IAnswerLog, IStoreClockReader, IDisposable
{
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    protected ChatStore(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The schema version this build migrates a store to; the same for every provider.</summary>
    public static int SchemaVersion => StoreMigrations.Sqlite.Count;

    /// <summary>Where the data lives, for messages (never includes a password).</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Appended to the inner SELECT of a claim (inbox lease): rows another worker is claiming right
    /// now are passed over instead of waited for. Empty where the database has one writer at a time.
    /// </summary>
    protected virtual string SkipLocked => "";

    /// <summary>
    /// "Now" in Unix milliseconds as the SQL of every lease and claim sees it (named leases, digest
    /// runs, inbox items, source fetches, seen events): where several machines share the store, the
    /// database server's clock, so that no worker's clock decides who holds a claim; where the
    /// store is one file on one machine, the process clock passed as <c>@store_now</c>
    /// (<see cref="StoreClock"/>). Claims are written as this plus a duration, never as an
    /// instant from a worker's clock.
    /// </summary>
    protected virtual string StoreNow => "@store_now";

    /// <summary>The parameter behind <see cref="StoreNow"/>; bound in every statement that uses it (ignored where the database keeps the time).</summary>
    private (string Name, object? Value) StoreClock => ("@store_now", ToDb(_time.GetUtcNow()));

    /// <summary>
    /// A store-clock instant (e.g. a claim's end) in the caller's clock, for the caller's waits:
    /// its distance from the store's now, added to <c>@now</c>.
    /// </summary>
    private string InCallerClock(string storeInstant) => $"(@now + ({storeInstant} - {StoreNow}))";

    /// <summary>The store's "now" (see <see cref="StoreNow"/>): what the workers' schedules run on (<see cref="DatabaseClock"/>).</summary>
    public async Task<DateTimeOffset> ReadStoreClockAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return FromDb(Convert.ToInt64(await ScalarAsync(connection, null, $"SELECT {StoreNow}", cancellationToken, StoreClock)));
    }

    /// <summary>A duration in the store's units (milliseconds), to add to <see cref="StoreNow"/>.</summary>
    private static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;

    protected abstract DbConnection CreateConnection();

    /// <summary>Runs once before the first connection opens (e.g. creates the folder of a file).</summary>
    protected virtual void Prepare()
    {
    }

    /// <summary>Brings the schema to <see cref="SchemaVersion"/>; safe when several processes start at once.</summary>
    protected abstract Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken);

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        var connection = CreateConnection();
        try
        {
            await RetryingAsync(connection, null, () => Task.FromResult(true), cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    /// <summary>How often a statement is tried on a fresh connection after the server ended the last one.</summary>
    private const int ReconnectAttempts = 8;

    /// <summary>
    /// Runs one statement outside a transaction, opening the connection first when it is closed.
    /// When the database ended the session (a restart, <c>pg_terminate_backend</c>, a failover) or
    /// cannot be reached yet, the statement did not run: the pooled connections are dropped and it
    /// runs again on a fresh one, backing off for up to about seven seconds of real time (a server
    /// restart takes real time), then the error goes to the caller. Inside a transaction nothing
    /// is retried: the caller's transaction is gone with its connection.
    /// </summary>
    private async Task<T> RetryingAsync<T>(DbConnection connection, DbTransaction? transaction, Func<Task<T>> run, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    await connection.OpenAsync(cancellationToken);
                }
                return await run();
            }
            catch (DbException e) when (transaction is null && attempt < ReconnectAttempts && IsConnectionLost(e) && !cancellationToken.IsCancellationRequested)
            {
                ForgetPooledConnections();
                await connection.CloseAsync();
                await Task.Delay(ReconnectDelay(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on its own connection and commits it. When
    /// the database ended the session before the commit was answered (a restart, a failover), the
    /// transaction did not commit and all of it runs again on a fresh connection, backing off as
    /// single statements do. (A commit whose answer alone was lost is the one case the second run
    /// sees the first one's writes; fenced work then finds its claim gone and writes nothing more.)
    /// </summary>
    protected async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbException e) when (attempt < ReconnectAttempts && IsConnectionLost(e) && !cancellationToken.IsCancellationRequested)
            {
                ForgetPooledConnections();
                await Task.Delay(ReconnectDelay(attempt), cancellationToken);
            }
        }
    }

    /// <summary>0.1 s, doubling, at most 2 s: about seven seconds over all attempts.</summary>
    private static TimeSpan ReconnectDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(100 * (1 << (attempt - 1)), 2000));

    /// <summary>
    /// The session is gone before the statement ran: the server shut down or restarted (57P01,
    /// 57P02), is still starting (57P03), or the connection failed (08xxx, or a socket error with
    /// no SQL state, which the provider marks transient).
    /// </summary>
    private static bool IsConnectionLost(DbException e) =>
        e.SqlState is "57P01" or "57P02" or "57P03"
        || e.SqlState?.StartsWith("08", StringComparison.Ordinal) == true
        || (e.SqlState is null && e.IsTransient);

    /// <summary>Drops idle pooled connections, which a server restart has made useless (each would fail once).</summary>
    protected virtual void ForgetPooledConnections()
    {
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            Prepare();
            await using var connection = CreateConnection();
            // The migration is one transaction (or steps that each check the version first): when
            // the session ends under it, all of it runs again on a fresh connection.
            await RetryingAsync(connection, null, async () =>
            {
                await MigrateAsync(connection, cancellationToken);
                return true;
            }, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Creates or migrates the store now rather than on first use.</summary>
    public async Task InitializeStoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _initLock.Dispose();
        }
    }

    /// <summary>The message for a store written by a newer build.</summary>
    protected InvalidOperationException NewerSchema(long version) => new(
        $"The store '{Description}' has schema version {version}, newer than this build knows ({SchemaVersion}). Upgrade ChatBot or use another store.");

    /// <summary>The later of two instants or counts, in SQL both dialects accept (SQLite has no GREATEST).</summary>
    private static string Later(string a, string b) => $"CASE WHEN {a} >= {b} THEN {a} ELSE {b} END";

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    protected Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RetryingAsync(connection, transaction, async () =>
        {
            await using var command = Command(connection, transaction, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    protected Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RetryingAsync(connection, transaction, async () =>
        {
            await using var command = Command(connection, transaction, sql, parameters);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }, cancellationToken);

    private Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RetryingAsync(connection, null, async () =>
        {
            await using var command = Command(connection, null, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }
            return rows;
        }, cancellationToken);

    // Instants are stored as Unix milliseconds (UTC): they sort and compare as integers in any SQL dialect.
    private static long ToDb(DateTimeOffset value) =>
        value == DateTimeOffset.MinValue ? long.MinValue : value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromDb(long value) =>
        value == long.MinValue ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static DateTimeOffset? FromDbNullable(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromDb(reader.GetInt64(ordinal));

    private static string? GetStringOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
