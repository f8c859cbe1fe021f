using Dapper;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>Sessions read on leased connections that stay open, with their statements compiled, from one session to the next.</summary>
public sealed class SqliteReadConnectionsTests : SqliteFactoryTest
{
    private async Task<long> ReadAsync(string sql, object? param = null)
    {
        await using var session = new DbSession(Connections);
        return await session.ExecuteScalarAsync<long>(sql, param);
    }

    [SqliteFact]
    public async Task The_next_session_reads_on_the_same_connection_with_its_statements_still_compiled()
    {
        await using (var first = new DbSession(Connections))
        {
            // A temporary table belongs to one connection: the next session sees it only on the same one.
            await (await first.ConnectionAsync()).ExecuteAsync("CREATE TEMP TABLE marks (n INTEGER)");
            Assert.Equal(1L, await first.ExecuteScalarAsync<long>("SELECT @x", new { x = 1 }));
        }
        Assert.Equal((1, 2), (Connections.Reads.Idle, Connections.Reads.IdleCachedStatements));

        await using var second = new DbSession(Connections);
        Assert.Equal(2L, await second.ExecuteScalarAsync<long>("SELECT @x", new { x = 2 }));
        Assert.Equal(0L, await second.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM temp.marks"));
        Assert.Equal(0, Connections.Reads.Idle);
    }

    [SqliteFact]
    public async Task A_kept_connection_sees_what_was_committed_after_its_last_read()
    {
        async Task WriteAsync(string sql)
        {
            await using var session = new DbSession(Connections);
            await session.InTransactionAsync(() => session.ExecuteAsync(sql));
        }
        await WriteAsync("CREATE TABLE counters (n INTEGER NOT NULL)");
        await WriteAsync("INSERT INTO counters (n) VALUES (1), (2), (3)");

        // A scalar read stops after the first of three rows; the statement must not keep its snapshot.
        Assert.Equal(1L, await ReadAsync("SELECT n FROM counters ORDER BY n"));
        await WriteAsync("UPDATE counters SET n = n + 10");

        Assert.Equal(1, Connections.Reads.Idle);
        Assert.Equal(11L, await ReadAsync("SELECT n FROM counters ORDER BY n"));
        Assert.Equal(36L, await ReadAsync("SELECT SUM(n) FROM counters"));
    }

    [SqliteFact]
    public async Task Concurrent_sessions_read_onConnections_of_their_own_and_all_come_back()
    {
        var sessions = Enumerable.Range(0, 3).Select(_ => new DbSession(Connections)).ToList();
        var connections = new List<System.Data.Common.DbConnection>();
        foreach (var session in sessions) connections.Add(await session.ConnectionAsync());

        Assert.Equal(3, connections.Distinct().Count());
        var sevens = await Task.WhenAll(sessions.Select(s => s.ExecuteScalarAsync<long>("SELECT 7")));
        Assert.Equal([7L, 7L, 7L], sevens);
        foreach (var session in sessions) await session.DisposeAsync();
        Assert.Equal(3, Connections.Reads.Idle);
    }

    [SqliteFact]
    public async Task A_transaction_left_open_is_rolled_back_before_the_connection_serves_again()
    {
        var lease = await Connections.OpenAsync();
        await lease.ExecuteAsync("CREATE TEMP TABLE marks (n INTEGER)");
        await lease.ExecuteAsync("BEGIN TRANSACTION");
        await lease.ExecuteAsync("INSERT INTO temp.marks VALUES (1)");
        await lease.DisposeAsync();
        Assert.Equal(1, Connections.Reads.Idle);

        await using var next = await Connections.OpenAsync();
        Assert.Equal(0L, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM temp.marks")); // the same connection, the insert undone
        await next.ExecuteAsync("BEGIN TRANSACTION"); // and in autocommit mode again
        await next.ExecuteAsync("COMMIT TRANSACTION");
    }

    [SqliteFact]
    public async Task A_lease_gives_its_connection_back_once_and_is_unusable_after()
    {
        var lease = await Connections.OpenAsync();
        await lease.DisposeAsync();
        await lease.DisposeAsync();
        lease.Close();

        Assert.Equal(1, Connections.Reads.Idle);
        Assert.Equal(System.Data.ConnectionState.Closed, lease.State);
        Assert.Throws<ObjectDisposedException>(() => lease.CreateCommand());
    }

    [SqliteFact]
    public async Task After_the_factory_is_disposed_no_connection_is_leased_or_kept()
    {
        var held = await Connections.OpenAsync();
        await ReadAsync("SELECT 1");

        Connections.Dispose();
        await held.DisposeAsync();

        Assert.Equal(0, Connections.Reads.Idle);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Connections.OpenAsync());
    }
}
