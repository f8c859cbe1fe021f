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
    /// be open at once; 0 runs every work in its own transaction. By default one per processor (at
    /// least two): one in flight per core keeps each busy, and more only split the same works into
    /// smaller batches (on two cores, four open carried 3.3 check-ins a commit against two's 6.6 and
    /// cost 10–25% more CPU a check-in, at 8 connections as at 32).
    /// </summary>
    public int SharedTransactions { get; set; } = DefaultSharedTransactions;

    public static int DefaultSharedTransactions => Math.Clamp(Environment.ProcessorCount, 2, 64);
}
