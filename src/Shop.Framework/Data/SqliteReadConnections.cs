using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

/// <summary>
/// The connections sessions read on, kept open from one request to the next with their statements
/// compiled (<see cref="StatementCachingConnection"/>). Microsoft.Data.Sqlite's pool keeps the native
/// connection but hands out a new connection object each time, and compiled statements live in
/// command objects of that one connection object: every read was parsed and planned again. A lease
/// is one session's until it is disposed; its connection then goes back, most recently used first
/// (its page cache is the warmest), unless <see cref="MaxIdle"/> are already waiting. A transaction
/// left open on it is rolled back first (Microsoft.Data.Sqlite's own pool would hand it on).
/// </summary>
public sealed class SqliteReadConnections(Func<CancellationToken, Task<SqliteConnection>> open, int statementCacheCapacity) : IDisposable
{
    /// <summary>Connections kept waiting at most: enough for the concurrent requests of a busy node.</summary>
    public const int MaxIdle = 64;

    private readonly ConcurrentStack<StatementCachingConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>Connections waiting for a session now.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Statements held compiled by the waiting connections (a snapshot, for diagnostics).</summary>
    public int IdleCachedStatements => _idle.Sum(c => c.CachedStatements);

    public async Task<DbConnection> LeaseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, idle);
        }
        return new Lease(this, new StatementCachingConnection(await open(cancellationToken), statementCacheCapacity));
    }

    private void Return(StatementCachingConnection connection)
    {
        var reusable = !_disposed && connection.State == ConnectionState.Open && connection.EndTransaction();
        if (reusable && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Push(connection);
            // Disposed while this one was on its way back: nobody else would close it.
            if (_disposed) Dispose();
            return;
        }
        if (reusable) Interlocked.Decrement(ref _idleCount);
        connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }

    /// <summary>A session's hold on a read connection; disposing it gives the connection back.</summary>
    private sealed class Lease(SqliteReadConnections pool, StatementCachingConnection connection) : ForwardingConnection
    {
        private StatementCachingConnection? _connection = connection;

        protected override DbConnection Target => _connection ?? throw new ObjectDisposedException(nameof(Lease));

        public override ConnectionState State => _connection?.State ?? ConnectionState.Closed;
        public override void Close() => Release();

        protected override DbCommand CreateDbCommand() => Target.CreateCommand();

        protected override void Dispose(bool disposing)
        {
            if (disposing) Release();
            base.Dispose(disposing);
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _connection, null) is { } held) pool.Return(held);
        }
    }
}
