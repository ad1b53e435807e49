using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Storage;

/// <summary>Bound to <c>ChatBot:Store</c>; the PostgreSQL connection string comes from <c>ConnectionStrings:ChatBot</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "ChatBot:Store";
    public const string ConnectionStringName = "ChatBot";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (one worker, embedded) or <c>postgres</c> (any number of workers sharing one database).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite file; relative paths resolve against the data folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "chatbot.db";

    /// <summary>Npgsql connection string, from <c>ConnectionStrings:ChatBot</c>; used when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
