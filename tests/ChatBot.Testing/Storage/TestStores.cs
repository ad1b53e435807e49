using ChatBot.Core.Storage;
using ChatBot.Testing.Postgres;

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
