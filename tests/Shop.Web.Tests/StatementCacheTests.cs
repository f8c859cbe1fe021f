using Dapper;
using Microsoft.Data.Sqlite;
using Shop.Testing;
using Shop.Framework.Data;

namespace Shop.Web.Tests;

/// <summary>The writer connection keeps statements compiled per SQL text; every call still runs with its own parameters.</summary>
public sealed class StatementCacheTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly StatementCachingConnection _connection;

    public StatementCacheTests()
    {
        var inner = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
        inner.Open();
        _connection = new StatementCachingConnection(inner, capacity: 3);
        _connection.Execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER NOT NULL)");
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    [SqliteFact]
    public async Task One_sql_text_runs_many_times_on_one_cached_statement_with_each_calls_values()
    {
        const string Insert = "INSERT INTO items (name, qty) VALUES (@name, @qty)";
        for (var i = 0; i < 5; i++) await _connection.ExecuteAsync(Insert, new { name = $"n{i}", qty = i * 10 });
        var cachedAfterInserts = _connection.CachedStatements;

        var rows = (await _connection.QueryAsync<(string Name, long Qty)>("SELECT name, qty FROM items WHERE qty >= @min ORDER BY qty", new { min = 20 })).ToList();
        var again = (await _connection.QueryAsync<(string Name, long Qty)>("SELECT name, qty FROM items WHERE qty >= @min ORDER BY qty", new { min = 40 })).ToList();

        Assert.Equal(2, cachedAfterInserts); // the CREATE TABLE and the insert
        Assert.Equal([("n2", 20L), ("n3", 30L), ("n4", 40L)], rows);
        Assert.Equal([("n4", 40L)], again);
        Assert.Equal(40L, await _connection.ExecuteScalarAsync<long>("SELECT qty FROM items WHERE name = @name", new { name = "n4" }));
    }

    [SqliteFact]
    public async Task Parameters_bind_by_their_at_names_whatever_dapper_calls_them()
    {
        const string Insert = "INSERT INTO items (name, qty) VALUES (@name, @qty)";
        var prefixed = new DynamicParameters();
        prefixed.Add("@name", "prefixed");
        prefixed.Add("@qty", 2);

        await _connection.ExecuteAsync(Insert, new { name = "plain", qty = 1, unused = "not in the statement" });
        await _connection.ExecuteAsync(Insert, prefixed);
        await _connection.ExecuteAsync(Insert, new { name = "again", qty = 3 }); // the same cached command, renamed parameters of its own

        var rows = await _connection.QueryAsync<(string Name, long Qty)>("SELECT name, qty FROM items ORDER BY qty");
        Assert.Equal([("plain", 1L), ("prefixed", 2L), ("again", 3L)], rows);
    }

    [SqliteFact]
    public async Task A_value_missing_from_a_later_call_is_an_error_not_the_earlier_calls_value()
    {
        const string Update = "UPDATE items SET qty = @qty WHERE name = @name";
        await _connection.ExecuteAsync("INSERT INTO items (name, qty) VALUES ('a', 1)");
        await _connection.ExecuteAsync(Update, new { name = "a", qty = 5 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => _connection.ExecuteAsync(Update, new { qty = 7 }));
        Assert.Equal(5L, await _connection.ExecuteScalarAsync<long>("SELECT qty FROM items WHERE name = 'a'"));
    }

    [SqliteFact]
    public async Task A_failed_statement_leaves_its_cached_command_usable()
    {
        const string Insert = "INSERT INTO items (name, qty) VALUES (@name, @qty)";
        await _connection.ExecuteAsync(Insert, new { name = "dup", qty = 1 });

        await Assert.ThrowsAsync<SqliteException>(() => _connection.ExecuteAsync(Insert, new { name = "dup", qty = 2 }));
        await _connection.ExecuteAsync(Insert, new { name = "other", qty = 3 });

        Assert.Equal(2L, await _connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM items"));
    }

    [SqliteFact]
    public async Task Beyond_its_capacity_the_least_recently_used_statement_is_dropped_and_compiled_again_when_needed()
    {
        string Select(int n) => $"SELECT {n} + @x";
        foreach (var n in new[] { 1, 2, 3, 4 }) Assert.Equal(n + 10L, await _connection.ExecuteScalarAsync<long>(Select(n), new { x = 10 }));

        Assert.Equal(3, _connection.CachedStatements);
        Assert.Equal(101L, await _connection.ExecuteScalarAsync<long>(Select(1), new { x = 100 }));
        Assert.Equal(3, _connection.CachedStatements);
    }

    [SqliteFact]
    public async Task Transactions_on_the_caching_connection_commit_and_roll_back()
    {
        await using (var committed = await _connection.BeginTransactionAsync())
        {
            await _connection.ExecuteAsync("INSERT INTO items (name, qty) VALUES (@name, 1)", new { name = "kept" }, committed);
            await committed.CommitAsync();
        }
        await using (var rolledBack = await _connection.BeginTransactionAsync())
        {
            await _connection.ExecuteAsync("INSERT INTO items (name, qty) VALUES (@name, 1)", new { name = "dropped" }, rolledBack);
            await rolledBack.RollbackAsync();
        }

        Assert.Equal(["kept"], await _connection.QueryAsync<string>("SELECT name FROM items"));
    }
}
