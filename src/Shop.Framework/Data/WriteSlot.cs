using System.Data.Common;

namespace Shop.Framework.Data;

/// <summary>
/// The right to run a write transaction, held from BEGIN to COMMIT or ROLLBACK. When the
/// database has a connection set aside for writes, <see cref="Connection"/> is it and the
/// transaction runs there instead of on the session's own connection.
/// </summary>
public sealed class WriteSlot(DbConnection? connection, Action release) : IDisposable
{
    private int _released;

    public DbConnection? Connection { get; } = connection;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) release();
    }
}
