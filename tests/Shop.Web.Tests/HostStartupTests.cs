using System.Diagnostics;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

public class HostStartupTests
{
    /// <summary>The built host next to this test's build (same configuration).</summary>
    private static string HostDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        return Path.Combine(root, "src", "Shop.Web", "bin", configuration, "net10.0", "Shop.Web.dll");
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_an_unknown_module_and_says_why()
    {
        using var database = new TestDatabase();
        var start = new ProcessStartInfo("dotnet", [HostDll(), "migrate"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Shop__DataPath"] = database.DataPath;
        start.Environment["Shop__Modules"] = "Shop.Members,Shop.Unknown";
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("unknown module(s): Shop.Unknown", stderr);
        Assert.Contains("Available:", stderr);
    }

    [Fact]
    public async Task The_migrate_verb_migrates_and_exits()
    {
        using var database = new TestDatabase();
        var start = new ProcessStartInfo("dotnet", [HostDll(), "migrate"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in database.Settings()) start.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Migrated the", stdout);
        Assert.Contains("Shop.Members", stdout);
    }

    [Fact]
    public async Task The_rollback_verb_undoes_migrations_newer_than_a_version_and_migrate_redoes_them()
    {
        using var database = new TestDatabase();
        Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunHostAsync(database.Settings(), args);
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        // The framework's migrations and the mall's, whose stock-slices migration is the newest.
        var migrator = new ShopMigrator(options, [typeof(ShopMigrator).Assembly, typeof(Shop.PointsMall.Startup).Assembly],
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var migrated = await RunAsync("migrate");
        var rolledBack = await RunAsync("rollback", "202612035001");
        var pendingAfterRollback = migrator.PendingVersions();
        var withoutVersion = await RunAsync("rollback");
        var remigrated = await RunAsync("migrate");

        Assert.Equal(0, migrated.Code);
        Assert.Equal(0, rolledBack.Code);
        Assert.Contains("back to migration 202612035001", rolledBack.Out);
        Assert.Contains(202612036001L, pendingAfterRollback);
        Assert.Equal(2, withoutVersion.Code);
        Assert.Contains("Usage: rollback <version>", withoutVersion.Error);
        Assert.Equal(0, remigrated.Code);
        Assert.Empty(migrator.PendingVersions());
    }

    private static async Task<(int Code, string Out, string Error)> RunHostAsync(IEnumerable<KeyValuePair<string, string>> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [HostDll(), .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }

    [Theory]
    [InlineData("--members", "abc")]
    [InlineData("--members", "99999999999")]
    [InlineData("--members", "0")]
    [InlineData("--members")]
    public async Task The_seed_verb_explains_a_bad_member_count_without_a_stack_trace(params string[] arguments)
    {
        using var database = new TestDatabase();

        var (code, _, error) = await RunHostAsync(database.Settings(), ["seed", .. arguments]);

        Assert.Equal(2, code);
        Assert.Contains("Usage: seed --members N", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_verb_whose_database_cannot_be_reached_says_so_in_one_line_and_exits_1()
    {
        var data = Directory.CreateTempSubdirectory("shop-test-").FullName;

        var (code, _, error) = await RunHostAsync(new Dictionary<string, string>
        {
            ["Shop:DataPath"] = data, ["Shop:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Shop"] = "Host=127.0.0.1;Port=1;Username=shop;Password=shop;Database=shop;Timeout=3",
        }, "migrate");
        Directory.Delete(data, recursive: true);

        Assert.Equal(1, code);
        Assert.StartsWith("migrate failed: ", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task The_seed_verb_adds_the_requested_members()
    {
        using var database = new TestDatabase();
        var start = new ProcessStartInfo("dotnet", [HostDll(), "seed", "--members", "250"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Shop__Demo__SeedOnStartup"] = "false";
        foreach (var (key, value) in database.Settings()) start.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Seeded 250 members", stdout);
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        IDbConnectionFactory connections = database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresConnectionFactory(options) : new SqliteConnectionFactory(options);
        await using (var db = new DbSession(connections))
        {
            Assert.Equal(250L, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members"));
            Assert.Equal(250L, await db.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT phone) FROM members"));
        }
        if (connections is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    [Fact]
    public async Task GraphiQL_is_served_from_the_host()
    {
        using var app = new ShopAppFactory();
        var page = await app.CreateClient().GetStringAsync("/graphiql/index.html");
        using var script = await app.CreateClient().GetAsync("/graphiql/graphiql.min.js");

        Assert.Contains("graphiql-init.js", page);
        Assert.DoesNotContain("cdn", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Disabling_a_module_is_possible_when_nothing_depends_on_it()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:Modules", "Shop.Members");
        var sdl = await app.CreateClient().GetStringAsync("/graphql/schema.graphql");
        Assert.Contains("me: Member", sdl);
    }
}
