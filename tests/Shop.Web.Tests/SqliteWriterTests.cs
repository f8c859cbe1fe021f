using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// SQLite's write path: every write transaction of the process on the one writer connection,
/// reads on the session's own, and the log copied back by the checkpointer rather than by a commit.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly SqliteConnectionFactory _connections;

    public SqliteWriterTests()
    {
        _connections = new SqliteConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = _database.ConnectionString });
    }

    public void Dispose()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        _database.Dispose();
    }

    [SqliteFact]
    public async Task Transactions_of_different_sessions_run_on_the_writer_connection_and_reads_outside_them_on_their_own()
    {
        await using var first = new DbSession(_connections);
        await using var second = new DbSession(_connections);
        var ownFirst = await first.ConnectionAsync();
        var ownSecond = await second.ConnectionAsync();
        Assert.NotSame(ownFirst, ownSecond);

        var inFirst = await first.InTransactionAsync(async () => await first.ConnectionAsync());
        var inSecond = await second.InTransactionAsync(async () => await second.ConnectionAsync());

        Assert.Same(inFirst, inSecond);
        Assert.NotSame(ownFirst, inFirst);
        Assert.Same(ownFirst, await first.ConnectionAsync());
    }

    [SqliteFact]
    public async Task A_rolled_back_transaction_leaves_the_writer_clean_for_the_next_one()
    {
        await using (var setup = new DbSession(_connections))
            await setup.ExecuteAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");

        await using (var failing = new DbSession(_connections))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => failing.InTransactionAsync(async () =>
            {
                await failing.ExecuteAsync("INSERT INTO counters (name, value) VALUES ('a', 1)");
                throw new InvalidOperationException("refused");
            }));
        }
        await using (var next = new DbSession(_connections))
            await next.InTransactionAsync(() => next.ExecuteAsync("INSERT INTO counters (name, value) VALUES ('b', 2)"));

        await using var reader = new DbSession(_connections);
        Assert.Equal(["b"], await reader.QueryAsync<string>("SELECT name FROM counters ORDER BY name"));
    }

    [SqliteFact]
    public async Task Concurrent_writers_from_many_sessions_all_commit()
    {
        await using (var setup = new DbSession(_connections))
            await setup.ExecuteAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counters VALUES ('n', 0)");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            await using var session = new DbSession(_connections);
            await session.InTransactionAsync(() => session.ExecuteAsync("UPDATE counters SET value = value + 1 WHERE name = 'n'"));
        })));

        await using var reader = new DbSession(_connections);
        Assert.Equal(200L, await reader.ExecuteScalarAsync<long>("SELECT value FROM counters WHERE name = 'n'"));
    }

    [SqliteFact]
    public async Task A_disposed_factory_refuses_new_write_transactions()
    {
        _connections.Dispose();
        await using var session = new DbSession(_connections);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.InTransactionAsync(() => Task.CompletedTask));
    }

    [SqliteFact]
    public async Task With_the_checkpointer_running_the_log_is_reused_instead_of_growing()
    {
        var (before, after) = await WalSizesAroundSecondBatchAsync(withCheckpointer: true);
        Assert.True(after <= before * 11 / 10, $"log grew from {before:N0} to {after:N0} bytes");
    }

    [SqliteFact]
    public async Task Without_the_checkpointer_the_log_grows_below_the_backstop()
    {
        var (before, after) = await WalSizesAroundSecondBatchAsync(withCheckpointer: false);
        Assert.True(after >= before * 17 / 10, $"log went from {before:N0} to {after:N0} bytes");
    }

    /// <summary>
    /// Writes ~430 pages, then the same again; the log file is reused from its start only when
    /// everything in it was copied back in between. Both batches stay far below the writers'
    /// automatic checkpoint at 16,000 pages.
    /// </summary>
    private async Task<(long Before, long After)> WalSizesAroundSecondBatchAsync(bool withCheckpointer)
    {
        await using (var setup = new DbSession(_connections))
            await setup.ExecuteAsync("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        await WriteBatchAsync();
        var wal = _database.ConnectionString["Data Source=".Length..] + "-wal";
        var before = new FileInfo(wal).Length;

        if (withCheckpointer)
        {
            using var checkpointer = new SqliteCheckpointer(_connections, NullLogger<SqliteCheckpointer>.Instance);
            await checkpointer.StartAsync(CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (checkpointer.Completed < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
            await checkpointer.StopAsync(CancellationToken.None);
            Assert.True(checkpointer.Completed >= 2, "the checkpointer did not run");
        }
        await WriteBatchAsync();
        return (before, new FileInfo(wal).Length);
    }

    private async Task WriteBatchAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            await using var session = new DbSession(_connections);
            await session.InTransactionAsync(() => session.ExecuteAsync("INSERT INTO blobs (data) VALUES (randomblob(8000))"));
        }
    }
}
