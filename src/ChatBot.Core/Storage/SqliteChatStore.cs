using System.Data;
using System.Data.Common;
using ChatBot.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Storage;

/// <summary>The embedded store: one SQLite file (WAL) under the data folder, for one worker.</summary>
public sealed class SqliteChatStore : ChatStore
{
    private readonly string _connectionString;

    public SqliteChatStore(ChatBotPaths paths, IOptions<StoreOptions> options, TimeProvider time)
        : this(System.IO.Path.GetFullPath(options.Value.Path, paths.DataPath), time)
    {
    }

    public SqliteChatStore(string databasePath, TimeProvider time)
        : base(time)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // A CLI next to the worker may hold the write lock briefly; wait rather than fail.
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public override string Description => DatabasePath;

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override void Prepare()
    {
        var folder = System.IO.Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

        var version = Convert.ToInt32(await ScalarAsync(connection, null, "PRAGMA user_version;", cancellationToken));
        if (version > StoreMigrations.Sqlite.Count)
        {
            throw NewerSchema(version);
        }
        for (var step = version; step < StoreMigrations.Sqlite.Count; step++)
        {
            // BEGIN IMMEDIATE: two processes opening a fresh file must not both migrate it.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken));
            if (current == step)
            {
                await ExecuteAsync(connection, transaction, StoreMigrations.Sqlite[step], cancellationToken);
                await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {step + 1};", cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
    }
}
