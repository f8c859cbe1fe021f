using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

public sealed class SqliteConnectionFactory : IDbConnectionFactory
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
        // per-connection settings and run on every open (cheap, in-memory).
        _pragmas = $"PRAGMA busy_timeout={options.BusyTimeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
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
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
