using System.Data.Common;
using Npgsql;

namespace Shop.Framework.Data;

public sealed class PostgresConnectionFactory(DatabaseOptions options) : IDbConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(options.ConnectionString);

    public DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
