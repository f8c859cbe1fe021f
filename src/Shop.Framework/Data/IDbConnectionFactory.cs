using System.Data.Common;

namespace Shop.Framework.Data;

public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>An open connection from the pool, configured for this provider.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
