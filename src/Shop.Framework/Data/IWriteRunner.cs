using System.Data.Common;

namespace Shop.Framework.Data;

/// <summary>
/// Runs write transactions for a database that wants them run its way (SQLite: one writer,
/// group commit). <c>work</c> gets the connection and transaction its statements must use;
/// the returned task completes once the transaction holding the work has committed.
/// </summary>
public interface IWriteRunner
{
    Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);
}
