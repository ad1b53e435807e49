using ChatBot.Testing.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatBot.Core.Tests.Storage;

/// <summary>Reads a test store's schema straight from the database, bypassing the store.</summary>
internal static class StoreSchema
{
    public static async Task<long> VersionAsync(TestStores stores) => stores.Provider == TestStores.Sqlite
        ? Convert.ToInt64(await SqliteScalarAsync(stores, "PRAGMA user_version;"))
        : Convert.ToInt64(await PostgresScalarAsync(stores, "SELECT version FROM store_schema"));

    public static async Task SetVersionAsync(TestStores stores, int version)
    {
        if (stores.Provider == TestStores.Sqlite)
        {
            await SqliteScalarAsync(stores, $"PRAGMA user_version = {version};");
        }
        else
        {
            await PostgresScalarAsync(stores, $"UPDATE store_schema SET version = {version}");
        }
    }

    /// <summary>"table.column" for every table the migrations made, sorted.</summary>
    public static async Task<IReadOnlyList<string>> ColumnsAsync(TestStores stores)
    {
        var columns = new List<string>();
        if (stores.Provider == TestStores.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={stores.SqlitePath}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'sqlite_sequence'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(stores.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'store_schema'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }
        }
        columns.Sort(StringComparer.Ordinal);
        return columns;
    }

    private static async Task<object?> SqliteScalarAsync(TestStores stores, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={stores.SqlitePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<object?> PostgresScalarAsync(TestStores stores, string sql)
    {
        await using var connection = new NpgsqlConnection(stores.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
