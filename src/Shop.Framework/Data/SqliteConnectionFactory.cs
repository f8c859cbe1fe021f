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
        _writerTimeout = TimeSpan.FromMilliseconds(Math.Max(1_000, options.BusyTimeoutMs));
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

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
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

    /// <summary>
    /// SQLite has one writer. Left to itself, a writer that finds the lock taken sleeps in
    /// SQLite's busy handler (1, 2, 5, 10 ms ...) however soon the lock frees, so under load most
    /// of a write's latency is sleeping. In-process writers therefore queue here, first come first
    /// served, and take the lock the moment it is free; busy_timeout still covers other processes.
    /// <para>
    /// Every write transaction of this process runs on one connection kept for writes. SQLite
    /// drops a connection's whole page cache when it finds that another connection changed the
    /// database, so writes spread over the pool each began cold and re-read the B-tree pages
    /// every statement touches; the writer's cache stays warm because only it writes
    /// (measured: a check-in's statements and commit took about half the time). Its statements
    /// stay compiled between transactions (<see cref="StatementCachingConnection"/>).
    /// </para>
    /// </summary>
    public async Task<WriteSlot?> EnterWriteAsync(CancellationToken cancellationToken = default)
    {
        if (!await _writer.WaitAsync(_writerTimeout, cancellationToken))
            throw new TimeoutException($"No SQLite write slot within {_writerTimeout.TotalSeconds:0} s: a write transaction is held too long.");
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writerConnection is { State: not System.Data.ConnectionState.Open })
            {
                await _writerConnection.DisposeAsync();
                _writerConnection = null;
            }
            _writerConnection ??= new StatementCachingConnection((SqliteConnection)await OpenAsync(cancellationToken), StatementCacheCapacity);
            return new WriteSlot(_writerConnection, () => _writer.Release());
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>Closes the writer connection once no transaction holds it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        var held = _writer.Wait(_writerTimeout);
        _disposed = true;
        _writerConnection?.Dispose();
        _writerConnection = null;
        if (held) _writer.Release();
    }

    // Well above the distinct write statements of all modules; each holds a few KB of SQLite memory.
    private const int StatementCacheCapacity = 400;
    private DbConnection? _writerConnection;
    private bool _disposed;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeSpan _writerTimeout;

    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
}
