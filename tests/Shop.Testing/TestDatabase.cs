using Npgsql;
using Shop.Framework.Data;

namespace Shop.Testing;

/// <summary>
/// A throwaway database for one test host: a SQLite file in a temp folder, or a fresh
/// PostgreSQL database on the server named by SHOP_TEST_POSTGRES when SHOP_TEST_DB=PostgreSQL.
/// The test script runs every database test project once per provider.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public DatabaseProvider Provider { get; }
    public string DataPath { get; }
    public string ConnectionString { get; }
    private readonly string? _postgresName;
    private readonly string? _adminConnection;

    public static DatabaseProvider CurrentProvider =>
        string.Equals(Environment.GetEnvironmentVariable("SHOP_TEST_DB"), "PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSQL
            : DatabaseProvider.Sqlite;

    public TestDatabase()
    {
        Provider = CurrentProvider;
        DataPath = Directory.CreateTempSubdirectory("shop-test-").FullName;
        if (Provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = $"Data Source={Path.Combine(DataPath, "shop.db")}";
            return;
        }
        _adminConnection = Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SHOP_TEST_DB=PostgreSQL needs SHOP_TEST_POSTGRES (an Npgsql connection string to the 'postgres' database); scripts/test.sh sets it.");
        _postgresName = $"shop_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(_adminConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{_postgresName}\"", connection);
            command.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = _postgresName }.ToString();
    }

    /// <summary>Settings for the host under test.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new("Shop:DataPath", DataPath);
        yield return new("Shop:Database:Provider", Provider.ToString());
        yield return new("ConnectionStrings:Shop", ConnectionString);
    }

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_adminConnection);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }
}
