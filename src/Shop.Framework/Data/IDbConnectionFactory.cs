using System.Data.Common;

namespace Shop.Framework.Data;

public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>An open connection from the pool, configured for this provider.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Where write transactions run; null when each session opens its own on its connection
    /// (PostgreSQL: its row locks queue concurrent writers of the same rows).
    /// </summary>
    IWriteRunner? Writes => null;
}
