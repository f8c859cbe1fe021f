using System.Data.Common;

namespace Shop.Framework.Data;

public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>An open connection from the pool, configured for this provider.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Entered before a write transaction begins and left after it ends; null when the database
    /// queues writers well by itself and the transaction runs on the session's connection.
    /// </summary>
    Task<WriteSlot?> EnterWriteAsync(CancellationToken cancellationToken = default) => Task.FromResult<WriteSlot?>(null);
}
