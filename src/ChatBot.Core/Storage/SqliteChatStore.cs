using ChatBot.Core.Configuration;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Storage;

/// <summary>
/// The embedded store: one SQLite file (WAL) under the data folder holding subscriptions, the
/// delivery log, the corpus change log, conversation references and the answer log. Every
/// consumer sees it through a narrow interface so a server database can replace it later.
/// </summary>
public sealed partial class SqliteChatStore :
    ISubscriptionStore, IDeliveryLog, ICorpusChangeLog, IConversationStore, IConversationContextStore, IAnswerLog, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public SqliteChatStore(ChatBotPaths paths, IOptions<StoreOptions> options, TimeProvider time)
        : this(System.IO.Path.GetFullPath(options.Value.Path, paths.DataPath), time)
    {
    }

    public SqliteChatStore(string databasePath, TimeProvider time)
    {
        DatabasePath = databasePath;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // Replicas or a CLI next to the worker may hold the write lock briefly; wait rather than fail.
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>The schema version this build migrates files to.</summary>
    public static int SchemaVersion => StoreMigrations.Steps.Count;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
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
            var folder = System.IO.Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

            var version = Convert.ToInt32(await ScalarAsync(connection, null, "PRAGMA user_version;", cancellationToken));
            if (version > StoreMigrations.Steps.Count)
            {
                throw new InvalidOperationException(
                    $"The store '{DatabasePath}' has schema version {version}, newer than this build knows ({StoreMigrations.Steps.Count}). Upgrade ChatBot or use another data folder.");
            }
            for (var step = version; step < StoreMigrations.Steps.Count; step++)
            {
                // BEGIN IMMEDIATE: two processes opening a fresh file must not both migrate it.
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
                var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken));
                if (current == step)
                {
                    await ExecuteAsync(connection, transaction, StoreMigrations.Steps[step], cancellationToken);
                    await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {step + 1};", cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Creates or migrates the file now rather than on first use.</summary>
    public async Task InitializeStoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
    }

    public void Dispose()
    {
        _initLock.Dispose();
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    // Instants are stored as Unix milliseconds (UTC): they sort and compare as integers in any SQL dialect.
    private static long ToDb(DateTimeOffset value) =>
        value == DateTimeOffset.MinValue ? long.MinValue : value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromDb(long value) =>
        value == long.MinValue ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static DateTimeOffset? FromDbNullable(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromDb(reader.GetInt64(ordinal));

    private static string? GetStringOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
