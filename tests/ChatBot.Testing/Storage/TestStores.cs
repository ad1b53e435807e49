using ChatBot.Core.Storage;
using ChatBot.Testing.Postgres;
using Npgsql;

namespace ChatBot.Testing.Storage;

/// <summary>
/// One empty store database for a test, of either provider: a SQLite file in a temp folder or a
/// fresh database on the <see cref="PostgresServer.SharedAsync">shared test server</see>.
/// <see cref="Open"/> gives as many store instances on it as a test needs (each like one worker).
/// </summary>
public sealed class TestStores : IAsyncDisposable, IDisposable
{
    public const string Sqlite = StoreOptions.Sqlite;
    public const string Postgres = StoreOptions.Postgres;

    /// <summary>For <c>[Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]</c>.</summary>
    public static IEnumerable<object[]> Providers => [[Sqlite], [Postgres]];

    private readonly List<ChatStore> _opened = [];
    private readonly string? _folder;

    private TestStores(string provider, string? folder, string? connectionString)
    {
        Provider = provider;
        _folder = folder;
        ConnectionString = connectionString;
    }

    public string Provider { get; }

    /// <summary>The PostgreSQL connection string (null for SQLite), e.g. for worker processes or configuration.</summary>
    public string? ConnectionString { get; }

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? SqlitePath => _folder is null ? null : Path.Combine(_folder, "chatbot.db");

    /// <summary>A fresh database on <paramref name="server"/> (e.g. a server of its own that a test restarts).</summary>
    public static async Task<TestStores> CreateAsync(PostgresServer server, CancellationToken cancellationToken = default) =>
        new(Postgres, null, await server.CreateDatabaseAsync(cancellationToken));

    public static async Task<TestStores> CreateAsync(string provider, CancellationToken cancellationToken = default)
    {
        if (provider == Postgres)
        {
            var server = await PostgresServer.SharedAsync();
            return new TestStores(provider, null, await server.CreateDatabaseAsync(cancellationToken));
        }
        if (provider != Sqlite)
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres");
        }
        var folder = Path.Combine(Path.GetTempPath(), "chatbot-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestStores(provider, folder, null);
    }

    /// <summary>A new store instance on this test's database; disposed with this object.</summary>
    public ChatStore Open(TimeProvider time)
    {
        ChatStore store = ConnectionString is not null ? new PostgresChatStore(ConnectionString, time) : new SqliteChatStore(SqlitePath!, time);
        lock (_opened)
        {
            _opened.Add(store);
        }
        return store;
    }

    /// <summary>
    /// Lets <paramref name="span"/> pass on the clock the store's claims are judged by. On SQLite
    /// that is the process clock, which the test moves itself (a FakeTimeProvider): nothing to do.
    /// On PostgreSQL it is the server's, which no test can move: every instant written on it
    /// (claim ends, inbox deferrals, when a digest part began, seen-event expiries, named leases)
    /// is moved back by the span instead, which every comparison with <c>now()</c> sees exactly
    /// as that much time passing.
    /// </summary>
    public async Task ElapseStoreClockAsync(TimeSpan span, CancellationToken cancellationToken = default)
    {
        if (ConnectionString is null || span <= TimeSpan.Zero)
        {
            return;
        }
        await using var connection = await OpenUnpooledAsync(ConnectionString, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            UPDATE deliveries SET lease_until = lease_until - @d, part_began_at = part_began_at - @d;
            UPDATE inbox SET lease_until = lease_until - @d, next_attempt_at = next_attempt_at - @d;
            UPDATE source_state SET lease_until = lease_until - @d;
            UPDATE seen_events SET expires_at = expires_at - @d;
            UPDATE leases SET lease_until = lease_until - @d, acquired_at = acquired_at - @d;
            """, connection);
        command.Parameters.AddWithValue("d", (long)span.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends every session of this test's PostgreSQL database, as a server restart or a failover
    /// does to each worker's pooled connections (<c>pg_terminate_backend</c>; the other tests'
    /// databases on the shared server are untouched). Nothing to do on SQLite.
    /// </summary>
    /// <returns>How many sessions were ended.</returns>
    public async Task<int> EndAllSessionsAsync(CancellationToken cancellationToken = default)
    {
        if (ConnectionString is null)
        {
            return 0;
        }
        await using var connection = await OpenUnpooledAsync(ConnectionString, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) ended",
            connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>The test's own session, not pooled: one that <see cref="EndAllSessionsAsync"/> ended is never reused.</summary>
    private static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var store in _opened)
            {
                store.Dispose();
            }
        }
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
