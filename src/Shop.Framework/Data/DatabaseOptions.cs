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
    /// be open at once; 0 runs every work in its own transaction. By default one more than the
    /// processors (at least three). A shared transaction's rounds alternate between the app and
    /// PostgreSQL, so with one per core there are moments when both wait on the same side: on two
    /// cores, two open left them 15–22% idle in the check-in benchmark and three 7–17% (less than two
    /// in every set that ran both), at no CPU a check-in the runs could tell apart (2026-12-04). Many
    /// more split the same check-ins into batches small enough to cost more CPU each (four: 10–25%
    /// more a check-in in the afternoon's runs).
    /// </summary>
    public int SharedTransactions { get; set; } = DefaultSharedTransactions;

    public static int DefaultSharedTransactions => Math.Clamp(Environment.ProcessorCount + 1, 3, 64);
}
