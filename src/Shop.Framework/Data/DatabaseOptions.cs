namespace Shop.Framework.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>Bound from <c>Shop:Database</c>; the connection string comes from <c>ConnectionStrings:Shop</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Resolved at start-up: the configured string, or the SQLite file under the data path.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a SQLite writer waits for another writer before giving up.</summary>
    public int BusyTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// PostgreSQL: how many transactions shared by many works (<see cref="SharedTransactions"/>) may
    /// be open at once; 0 runs every work in its own transaction.
    /// </summary>
    public int SharedTransactions { get; set; } = 4;
}
