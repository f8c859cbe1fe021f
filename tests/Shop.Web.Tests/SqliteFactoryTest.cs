using Microsoft.Data.Sqlite;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>A test class with its own SQLite database and connection factory, both gone when it is disposed.</summary>
public abstract class SqliteFactoryTest : IDisposable
{
    protected TestDatabase Database { get; } = new();
    protected SqliteConnectionFactory Connections { get; }

    protected SqliteFactoryTest()
    {
        Connections = new SqliteConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = Database.ConnectionString });
    }

    public void Dispose()
    {
        Connections.Dispose();
        SqliteConnection.ClearAllPools();
        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}
