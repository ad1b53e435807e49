using System.Data.Common;
using Npgsql;

namespace ChatBot.Core.Storage;

/// <summary>
/// The shared store for several workers: one PostgreSQL database. Claims (digest runs, inbox
/// items, source fetches) are conditional updates, so exactly one worker wins each.
/// </summary>
public sealed class PostgresChatStore : ChatStore
{
    // Any constant works; it only has to be the same in every worker of one database.
    private const long MigrationLockKey = 0x43686174426F74; // "ChatBot"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresChatStore(string connectionString, TimeProvider time)
        : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    protected override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    // The server's clock: every worker's lease decisions use the same one, however far a worker's
    // own clock drifts. now() is the statement's start, so one statement sees one instant; a
    // statement that waited for a row lock judges expiry by the earlier instant, which only errs
    // towards leaving a lease with its holder.
    protected override string StoreNow => "(EXTRACT(EPOCH FROM now()) * 1000)::bigint";

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    protected override void ForgetPooledConnections() => _dataSource.Clear();

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // PostgreSQL has transactional DDL: all steps commit together or not at all, and the
        // advisory lock makes workers starting at once migrate one after the other.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS store_schema (version INTEGER NOT NULL)", cancellationToken);
        var value = await ScalarAsync(connection, transaction, "SELECT MAX(version) FROM store_schema", cancellationToken);
        var version = value is null ? 0 : Convert.ToInt32(value);
        if (version > StoreMigrations.Postgres.Count)
        {
            throw NewerSchema(version);
        }
        for (var step = version; step < StoreMigrations.Postgres.Count; step++)
        {
            await ExecuteAsync(connection, transaction, StoreMigrations.Postgres[step], cancellationToken);
        }
        if (version < StoreMigrations.Postgres.Count)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM store_schema", cancellationToken);
            await ExecuteAsync(connection, transaction, "INSERT INTO store_schema (version) VALUES (@v)", cancellationToken, ("@v", StoreMigrations.Postgres.Count));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }
}
