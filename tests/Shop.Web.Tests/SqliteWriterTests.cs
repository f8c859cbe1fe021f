using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// SQLite's write path: every write transaction of the process on the one writer connection,
/// reads on the session's own, and the log copied back by the checkpointer rather than by a commit.
/// </summary>
public sealed class SqliteWriterTests : SqliteFactoryTest
{
    /// <summary>Runs <paramref name="sql"/> outside an explicit transaction (schema set-up; on SQLite it still goes through the writer).</summary>
    private async Task RunAsync(string sql)
    {
        await using var session = new DbSession(Connections);
        await session.ExecuteAsync(sql);
    }

    private async Task WriteAsync(string sql)
    {
        await using var session = new DbSession(Connections);
        await session.InTransactionAsync(() => session.ExecuteAsync(sql));
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var session = new DbSession(Connections);
        return (await session.QueryAsync<T>(sql)).ToList();
    }

    [SqliteFact]
    public async Task Transactions_of_different_sessions_run_on_the_writer_connection_and_reads_outside_them_on_their_own()
    {
        await using var first = new DbSession(Connections);
        await using var second = new DbSession(Connections);
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
    public async Task A_write_outside_a_transaction_is_its_own_transaction_on_the_writer()
    {
        await RunAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        var writes = Connections.Writer.Writes;

        await using var session = new DbSession(Connections);
        Assert.Equal(1, await session.ExecuteAsync("INSERT INTO counters (name, value) VALUES ('a', 1)"));

        Assert.Equal(writes + 1, Connections.Writer.Writes);
        Assert.Null(session.Transaction);
        Assert.Equal(["a"], await QueryAsync<string>("SELECT name FROM counters"));
    }

    [SqliteFact]
    public async Task Busy_time_counts_while_the_slot_is_held_and_not_while_it_rests()
    {
        await RunAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        var before = Connections.Writer.BusyTime;

        // Held at least as long as the work measured itself (Task.Delay may end a tick early by the
        // coarse clock its timers use, so the work's own stopwatch is the bound).
        var insideWork = TimeSpan.Zero;
        await using (var session = new DbSession(Connections))
            await session.InTransactionAsync(async () =>
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                await session.ExecuteAsync("INSERT INTO counters (name, value) VALUES ('a', 1)");
                await Task.Delay(150);
                insideWork = started.Elapsed;
            });
        var afterHeld = Connections.Writer.BusyTime;
        await Task.Delay(150);
        var afterRest = Connections.Writer.BusyTime;

        Assert.True(insideWork > TimeSpan.FromMilliseconds(100), $"the work took {insideWork}");
        Assert.InRange(afterHeld - before, insideWork, TimeSpan.FromSeconds(30));
        Assert.Equal(afterHeld, afterRest);
    }

    [SqliteFact]
    public async Task A_rolled_back_transaction_leaves_the_writer_clean_for_the_next_one()
    {
        await RunAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");

        await using (var failing = new DbSession(Connections))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => failing.InTransactionAsync(async () =>
            {
                await failing.ExecuteAsync("INSERT INTO counters (name, value) VALUES ('a', 1)");
                throw new InvalidOperationException("refused");
            }));
        }
        await WriteAsync("INSERT INTO counters (name, value) VALUES ('b', 2)");

        Assert.Equal(["b"], await QueryAsync<string>("SELECT name FROM counters ORDER BY name"));
    }

    [SqliteFact]
    public async Task Concurrent_writers_from_many_sessions_all_commit()
    {
        await RunAsync("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counters VALUES ('n', 0)");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => WriteAsync("UPDATE counters SET value = value + 1 WHERE name = 'n'"))));

        Assert.Equal([200L], await QueryAsync<long>("SELECT value FROM counters WHERE name = 'n'"));
    }

    [SqliteFact]
    public async Task Queued_writers_share_commits_and_a_failing_one_is_rolled_back_alone()
    {
        await RunAsync("CREATE TABLE marks (n INTEGER PRIMARY KEY)");
        var (writes, commits) = (Connections.Writer.Writes, Connections.Writer.Commits);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 60).Select(n => Task.Run(async () =>
        {
            await using var session = new DbSession(Connections);
            try
            {
                await session.InTransactionAsync(async () =>
                {
                    await session.ExecuteAsync("INSERT INTO marks (n) VALUES (@n)", new { n });
                    await Task.Delay(1); // let the others queue behind this writer
                    if (n % 5 == 0) throw new InvalidOperationException($"writer {n} refuses");
                });
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        })));

        var marks = await QueryAsync<long>("SELECT n FROM marks ORDER BY n");
        Assert.Equal(48, outcomes.Count(ok => ok));
        Assert.Equal(Enumerable.Range(1, 60).Where(n => n % 5 != 0).Select(n => (long)n), marks);
        Assert.Equal(48, Connections.Writer.Writes - writes);
        Assert.True(Connections.Writer.Commits - commits < 48, $"{Connections.Writer.Commits - commits} commits for 48 writers: nothing was batched");
    }

    private static readonly AsyncLocal<int> CallerMark = new();

    [SqliteFact]
    public async Task Queued_writers_work_runs_in_its_callers_execution_context()
    {
        // The writer that finds the slot free runs the queued writers' work on its own thread: each
        // work must still see its caller's async locals (logging scopes, the current activity).
        await RunAsync("CREATE TABLE marks (n INTEGER PRIMARY KEY, seen INTEGER NOT NULL)");
        var commits = Connections.Writer.Commits;

        await Task.WhenAll(Enumerable.Range(1, 60).Select(n => Task.Run(async () =>
        {
            CallerMark.Value = n;
            await using var session = new DbSession(Connections);
            await session.InTransactionAsync(async () =>
            {
                await session.ExecuteAsync("INSERT INTO marks (n, seen) VALUES (@n, @seen)", new { n, seen = CallerMark.Value });
                await Task.Delay(1); // let the others queue behind this writer
                await session.ExecuteAsync("UPDATE marks SET seen = seen * 1000 + @seen WHERE n = @n", new { n, seen = CallerMark.Value });
            });
            Assert.Equal(n, CallerMark.Value);
        })));

        var marks = await QueryAsync<(long N, long Seen)>("SELECT n, seen FROM marks ORDER BY n");
        Assert.Equal(Enumerable.Range(1, 60).Select(n => ((long)n, n * 1000L + n)), marks);
        Assert.True(Connections.Writer.Commits - commits < 60, $"{Connections.Writer.Commits - commits} commits for 60 writers: none ran another's work");
    }

    [SqliteFact]
    public async Task A_failing_writer_returns_only_once_the_writes_it_saw_are_committed()
    {
        // A caller that fails (a lost race) and retries reads first, on another connection: what the
        // earlier writers of its batch did must be visible to it by then, or the retry loses again.
        await RunAsync("CREATE TABLE marks (n INTEGER PRIMARY KEY)");
        var commits = Connections.Writer.Commits;

        var late = await Task.WhenAll(Enumerable.Range(1, 60).Select(n => Task.Run(async () =>
        {
            await using var session = new DbSession(Connections);
            long seen = 0;
            try
            {
                await session.InTransactionAsync(async () =>
                {
                    await session.ExecuteAsync("INSERT INTO marks (n) VALUES (@n)", new { n });
                    await Task.Delay(1); // let the others queue behind this writer
                    seen = await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM marks WHERE n <> @n", new { n });
                    if (n % 3 == 0) throw new InvalidOperationException($"writer {n} refuses");
                });
                return 0L;
            }
            catch (InvalidOperationException)
            {
                await using var reader = new DbSession(Connections);
                var visible = await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM marks");
                return Math.Max(0, seen - visible); // rows it saw that a reader could not see yet
            }
        })));

        Assert.All(late, missing => Assert.Equal(0, missing));
        Assert.True(Connections.Writer.Commits - commits < 40, $"{Connections.Writer.Commits - commits} commits for 40 writers: nothing was batched");
    }

    [SqliteFact]
    public async Task A_batch_that_cannot_commit_fails_every_writer_in_it_and_the_next_write_works()
    {
        await RunAsync(
                "CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE notes (text TEXT NOT NULL); " +
                "CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)");
        var firstIsWriting = new TaskCompletionSource();

        // The first writer holds the batch open until the second has queued behind it; the second
        // breaks a deferred foreign key, which SQLite finds only at COMMIT.
        var first = Task.Run(async () =>
        {
            await using var session = new DbSession(Connections);
            await session.InTransactionAsync(async () =>
            {
                await session.ExecuteAsync("INSERT INTO notes (text) VALUES ('first')");
                firstIsWriting.SetResult();
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Connections.Writer.Waiting == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
            });
        });
        await firstIsWriting.Task;
        var second = Task.Run(() => WriteAsync("INSERT INTO children (id, parent) VALUES (1, 999)"));

        await Assert.ThrowsAsync<SqliteException>(() => second);
        await Assert.ThrowsAsync<SqliteException>(() => first);
        await WriteAsync("INSERT INTO notes (text) VALUES ('next')");
        Assert.Equal(["next"], await QueryAsync<string>("SELECT text FROM notes"));
    }

    [SqliteFact]
    public async Task Writers_that_give_up_waiting_leave_no_batch_open_and_every_writer_that_returned_is_committed()
    {
        // Waiters cancelled at random while a batch is handed from writer to writer: one that gives up
        // as the slot reaches it must still end that turn (hand the open batch on or commit it).
        await RunAsync("CREATE TABLE marks (n INTEGER PRIMARY KEY)");
        var random = new Random(7);
        var delays = Enumerable.Range(0, 400).Select(_ => random.Next(0, 4)).ToArray();

        var outcomes = Task.WhenAll(Enumerable.Range(0, 400).Select(n => Task.Run(async () =>
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(delays[n]));
            await using var session = new DbSession(Connections);
            try
            {
                await session.InTransactionAsync(async () =>
                {
                    await session.ExecuteAsync("INSERT INTO marks (n) VALUES (@n)", new { n });
                    if (n % 2 == 0) await Task.Yield();
                }, giveUp.Token);
                return (long)n;
            }
            catch (OperationCanceledException)
            {
                return -1L;
            }
        })));

        var returned = await outcomes.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(returned, n => n < 0);
        Assert.Equal(returned.Where(n => n >= 0).Order(), await QueryAsync<long>("SELECT n FROM marks ORDER BY n"));
        Assert.Equal(0, Connections.Writer.Waiting);
        var busy = Connections.Writer.BusyTime;
        await Task.Delay(100);
        Assert.Equal(busy, Connections.Writer.BusyTime);
        await WriteAsync("INSERT INTO marks (n) VALUES (1000)");
    }

    [SqliteFact]
    public async Task A_disposed_factory_refuses_new_write_transactions()
    {
        Connections.Dispose();
        await using var session = new DbSession(Connections);
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
        await RunAsync("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        await WriteBatchAsync();
        var wal = Database.ConnectionString["Data Source=".Length..] + "-wal";
        var before = new FileInfo(wal).Length;

        if (withCheckpointer)
        {
            using var checkpointer = new SqliteCheckpointer(Connections, NullLogger<SqliteCheckpointer>.Instance);
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
        for (var i = 0; i < 200; i++) await WriteAsync("INSERT INTO blobs (data) VALUES (randomblob(8000))");
    }
}
