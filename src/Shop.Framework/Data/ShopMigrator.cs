using System.Reflection;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Framework.Data;

/// <summary>
/// Runs the versioned migrations of the framework and of every enabled module. Migrations are
/// FluentMigrator classes in each module's <c>Data/Migrations</c>; the same class produces the
/// SQLite and the PostgreSQL DDL, and one VersionInfo table records what has run.
/// </summary>
public sealed class ShopMigrator(DatabaseOptions options, IEnumerable<Assembly> assemblies, ILoggerFactory loggerFactory)
{
    private readonly Assembly[] _assemblies = assemblies.Distinct().ToArray();

    public void MigrateUp(long? toVersion = null)
    {
        using var schemaLock = LockSchema();
        using var provider = BuildRunnerServices();
        using var scope = provider.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        if (toVersion is null) runner.MigrateUp();
        else runner.MigrateUp(toVersion.Value);
    }

    /// <summary>
    /// Rolls back every applied migration newer than <paramref name="toVersion"/>, newest first,
    /// through each one's Down (the <c>rollback</c> command, to undo an upgrade).
    /// </summary>
    public void MigrateDown(long toVersion)
    {
        using var schemaLock = LockSchema();
        using var provider = BuildRunnerServices();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateDown(toVersion);
    }

    public IReadOnlyList<long> PendingVersions()
    {
        using var provider = BuildRunnerServices();
        using var scope = provider.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var versions = scope.ServiceProvider.GetRequiredService<FluentMigrator.Runner.IVersionLoader>();
        return runner.MigrationLoader.LoadMigrations().Keys
            .Where(v => !versions.VersionInfo.HasAppliedMigration(v))
            .ToList();
    }

    // "Shop" in ASCII: the advisory lock key every node's migrator takes.
    private const long SchemaLockKey = 0x53686F70;

    /// <summary>
    /// On PostgreSQL, holds a session advisory lock while migrations run: replicas starting together
    /// (docker compose --scale, a rolling upgrade) otherwise ran the same migrations at once and all
    /// but one failed to start (duplicate VersionInfo rows, "already exists"). The others wait,
    /// then find nothing pending. SQLite serves one node; its writers queue on the file's lock.
    /// </summary>
    private IDisposable? LockSchema()
    {
        if (options.Provider != DatabaseProvider.PostgreSQL) return null;
        // Unpooled: Npgsql resets a pooled session only when it is next used, so a pooled connection
        // would go back to the pool still holding the lock and every other migrator would wait forever.
        var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", SchemaLockKey);
            command.ExecuteNonQuery();
            return connection; // closing the session ends it and releases the lock
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private ServiceProvider BuildRunnerServices()
    {
        var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (options.Provider == DatabaseProvider.PostgreSQL) runner.AddPostgres();
                else runner.AddSQLite();
                runner.WithGlobalConnectionString(options.ConnectionString)
                    .ScanIn(_assemblies).For.Migrations();
            })
            .Configure<ProcessorOptions>(o => o.Timeout = TimeSpan.FromMinutes(5));
        return services.BuildServiceProvider();
    }
}
