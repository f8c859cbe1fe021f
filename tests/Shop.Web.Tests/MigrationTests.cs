using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>The same migrations on both databases, and an upgrade from an older schema keeps data.</summary>
public class MigrationTests
{
    private static readonly System.Reflection.Assembly[] Assemblies =
        [typeof(ShopMigrator).Assembly, typeof(Shop.Members.Startup).Assembly];

    private static (ShopMigrator, IDbConnectionFactory) Open(TestDatabase database)
    {
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        IDbConnectionFactory factory = database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresConnectionFactory(options)
            : new SqliteConnectionFactory(options);
        return (new ShopMigrator(options, Assemblies, NullLoggerFactory.Instance), factory);
    }

    [Fact]
    public async Task Upgrading_from_the_framework_only_schema_keeps_existing_rows()
    {
        using var database = new TestDatabase();
        var (migrator, connections) = Open(database);

        migrator.MigrateUp(202611230002);
        Assert.Contains(202611231001L, migrator.PendingVersions());
        await using (var db = new DbSession(connections))
            await db.ExecuteAsync("INSERT INTO admin_roles (name, permissions) VALUES ('Support', '[\"Admin.Access\"]')");

        migrator.MigrateUp();

        Assert.Empty(migrator.PendingVersions());
        await using var after = new DbSession(connections);
        Assert.Equal("[\"Admin.Access\"]", await after.QuerySingleOrDefaultAsync<string>("SELECT permissions FROM admin_roles WHERE name = 'Support'"));
        Assert.Equal("SUPPORT", await after.QuerySingleOrDefaultAsync<string>("SELECT normalized_name FROM admin_roles WHERE name = 'Support'"));
        Assert.Equal(0L, await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members"));
    }

    [Fact]
    public void Running_the_migrations_again_changes_nothing()
    {
        using var database = new TestDatabase();
        var (migrator, _) = Open(database);

        migrator.MigrateUp();
        migrator.MigrateUp();

        Assert.Empty(migrator.PendingVersions());
    }

    [PostgresFact]
    public async Task Replicas_starting_together_on_a_fresh_database_all_migrate_and_each_migration_runs_once()
    {
        using var database = new TestDatabase();
        var (_, connections) = Open(database);
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new ShopMigrator(options, Assemblies, NullLoggerFactory.Instance).MigrateUp())));

        var (migrator, _) = Open(database);
        Assert.Empty(migrator.PendingVersions());
        await using var db = new DbSession(connections);
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT \"Version\" FROM \"VersionInfo\" GROUP BY \"Version\" HAVING COUNT(*) > 1) AS repeated"));
    }

    [SqliteFact]
    public async Task Sqlite_runs_in_wal_mode_with_a_busy_timeout()
    {
        using var database = new TestDatabase();
        var (migrator, connections) = Open(database);
        migrator.MigrateUp();

        await using var db = new DbSession(connections);
        Assert.Equal("wal", await db.QuerySingleOrDefaultAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(30_000L, await db.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    [SqliteFact]
    public async Task Pooled_and_concurrent_connections_all_carry_the_settings()
    {
        using var database = new TestDatabase();
        var (migrator, connections) = Open(database);
        migrator.MigrateUp();

        // Several physical connections at once, then the same ones again from the pool.
        for (var round = 0; round < 2; round++)
        {
            var open = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => connections.OpenAsync()));
            foreach (var connection in open)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout";
                Assert.Equal(30_000L, (long)(await command.ExecuteScalarAsync())!);
                command.CommandText = "PRAGMA foreign_keys";
                Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
                command.CommandText = "PRAGMA synchronous";
                Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!); // NORMAL
            }
            foreach (var connection in open) await connection.DisposeAsync();
        }
    }
}
