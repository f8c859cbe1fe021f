using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

public sealed class SqliteConnectionFactory : IDbConnectionFactory, IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteConnectionFactory(DatabaseOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMs / 1000),
        };
        _connectionString = builder.ToString();
        // WAL lets readers run beside the single writer; busy_timeout makes a second writer wait
        // for the lock instead of failing; synchronous=NORMAL is durable across crashes in WAL mode
        // (a power cut may lose the last transactions, never corrupt the file).
        // journal_mode is stored in the database file, so it is set once here; the rest are
        // per-connection settings, run once per physical connection (pooled ones keep them).
        // wal_autocheckpoint is a backstop: SqliteCheckpointer copies the log back well before 16,000 pages.
        Writer = new SqliteWriter(OpenConfiguredAsync, TimeSpan.FromMilliseconds(Math.Max(1_000, options.BusyTimeoutMs)), StatementCacheCapacity);
        Reads = new SqliteReadConnections(OpenConfiguredAsync, ReadStatementCacheCapacity);
        _pragmas = $"PRAGMA busy_timeout={options.BusyTimeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=16000;";
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>A read connection, leased from <see cref="Reads"/>: disposing it gives it back.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => Reads.LeaseAsync(cancellationToken);

    private async Task<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // A pooled open hands back the same native handle with its settings intact: one round
        // of PRAGMAs per physical connection, not one per request.
        if (_configured.TryAdd(connection.Handle!, Configured))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    /// <summary>Every write transaction of this process: one writer connection, group commit (see <see cref="SqliteWriter"/>).</summary>
    public SqliteWriter Writer { get; }

    IWriteRunner IDbConnectionFactory.Writes => Writer;

    /// <summary>The connections sessions read on, kept open with their statements compiled (see <see cref="SqliteReadConnections"/>).</summary>
    public SqliteReadConnections Reads { get; }

    public void Dispose()
    {
        Reads.Dispose();
        Writer.Dispose();
    }

    /// <summary>
    /// SQLite's process-wide settings, applied before the first factory opens a connection. SQLite
    /// accepts them only before its first connection (if something else opened one first, the
    /// calls return SQLITE_MISUSE and change nothing: slower, never wrong). Multi-thread mode drops
    /// the mutex the default serialized mode takes on every call of a connection (each column read
    /// of each row): a connection here is only ever used by one thread at a time (ADO.NET's
    /// contract, queries executed serially, one writer runner). Memory statistics would take a
    /// global mutex on every allocation. Together they were a sixth of SQLite's time reading a
    /// million members for a rebuild.
    /// </summary>
    static SqliteConnectionFactory()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    // Well above the distinct write statements of all modules; each holds a few KB of SQLite memory.
    private const int StatementCacheCapacity = 400;

    // Per read connection, of which up to SqliteReadConnections.MaxIdle wait: the hot reads of a
    // request mix stay compiled, rare admin queries come and go.
    private const int ReadStatementCacheCapacity = 100;

    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
}
