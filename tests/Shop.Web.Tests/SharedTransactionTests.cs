using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// <see cref="DbSession.InSharedTransactionAsync"/>: on PostgreSQL works that arrive while the
/// shared transactions are busy run together in the next one, each with its own answers; works of
/// one key never share; when one of them fails, the shared transaction keeps nothing and each runs
/// again alone, so every caller ends as it would have on its own. On SQLite it is a plain transaction.
/// </summary>
public sealed class SharedTransactionTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private sealed class Refused : Exception;

    /// <summary>One open transaction at a time, so a work held open makes the next ones gather.</summary>
    private readonly SharedTransactions _sharing = new(fixture.App.Services.GetRequiredService<IDbConnectionFactory>(), new DatabaseOptions { SharedTransactions = 1 });

    private DbSession Session() => new(fixture.App.Services.GetRequiredService<IDbConnectionFactory>(), _sharing);

    private async Task EnsureTableAsync()
    {
        await using var db = Session();
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS test_shared (id TEXT PRIMARY KEY, n BIGINT NOT NULL)");
    }

    private static Task InsertAsync(DbSession db, string id, long n) =>
        db.ExecuteAsync("INSERT INTO test_shared (id, n) VALUES (@id, @n)", new { id, n });

    private async Task<long?> ReadAsync(string id)
    {
        await using var db = Session();
        return await db.QuerySingleOrDefaultAsync<long?>("SELECT n FROM test_shared WHERE id = @id", new { id });
    }

    private static Task<long> TransactionIdAsync(DbSession db) => db.ExecuteScalarAsync<long>("SELECT txid_current()");

    /// <summary>A work holding the only shared transaction open until <paramref name="release"/> completes.</summary>
    private async Task<Task<long>> HoldAsync(Task release)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var db = Session();
        var held = db.InSharedTransactionAsync("holder-" + Ids.New("k"), async () =>
        {
            var id = await TransactionIdAsync(db);
            started.TrySetResult();
            await release;
            return id;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return held;
    }

    /// <summary>
    /// Starts <paramref name="works"/> (key, work) while a holder keeps the shared transaction busy,
    /// then lets them go: they gather in the next one. Returns each caller's task.
    /// </summary>
    private async Task<List<Task<T>>> GatherAsync<T>(params (string Key, Func<DbSession, Task<T>> Work)[] works)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = await HoldAsync(release.Task);
        var running = works.Select(w =>
        {
            var db = Session();
            return db.InSharedTransactionAsync(w.Key, () => w.Work(db));
        }).ToList();
        release.SetResult();
        await holder;
        return running;
    }

    private async Task<T[]> GatheredAsync<T>(params (string Key, Func<DbSession, Task<T>> Work)[] works) =>
        await Task.WhenAll(await GatherAsync(works));

    [PostgresFact]
    public async Task Works_that_arrive_together_share_one_transaction_and_each_gets_its_own_answers()
    {
        await EnsureTableAsync();
        var ids = Enumerable.Range(0, 6).Select(_ => Ids.New("shr")).ToArray();

        var results = await GatheredAsync(ids.Select((id, i) => (id, (Func<DbSession, Task<(long Tx, long Read)>>)(async db =>
        {
            await InsertAsync(db, id, i);
            await db.ExecuteLaterAsync("UPDATE test_shared SET n = n * 10 WHERE id = @id", new { id }, expectRows: 1);
            return (await TransactionIdAsync(db), await db.ExecuteScalarAsync<long>("SELECT n FROM test_shared WHERE id = @id", new { id }));
        }))).ToArray());

        Assert.Single(results.Select(r => r.Tx).Distinct());
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 10L), results.Select(r => r.Read));
        for (var i = 0; i < ids.Length; i++) Assert.Equal(i * 10L, await ReadAsync(ids[i]));
    }

    [PostgresFact]
    public async Task Statements_that_find_no_rows_answer_empty_without_ending_the_shared_transaction()
    {
        await EnsureTableAsync();
        var ids = Enumerable.Range(0, 4).Select(_ => Ids.New("shr")).ToArray();

        // Every work's middle statement finds nothing, so the round's last result is an empty one.
        var results = await GatheredAsync(ids.Select((id, i) => (id, (Func<DbSession, Task<(long Tx, long? Missing, long Own)>>)(async db =>
        {
            await InsertAsync(db, id, i);
            var missing = await db.QuerySingleOrDefaultAsync<long?>("SELECT n FROM test_shared WHERE id = @missing", new { missing = Ids.New("none") });
            return (await TransactionIdAsync(db), missing, await db.ExecuteScalarAsync<long>("SELECT n FROM test_shared WHERE id = @id", new { id }));
        }))).ToArray());

        Assert.Single(results.Select(r => r.Tx).Distinct());
        Assert.All(results, r => Assert.Null(r.Missing));
        Assert.Equal([0L, 1L, 2L, 3L], results.Select(r => r.Own));
    }

    [PostgresFact]
    public async Task Works_of_one_key_never_share_a_transaction()
    {
        var results = await GatheredAsync<long>(
            ("member-1", TransactionIdAsync),
            ("member-2", TransactionIdAsync),
            ("member-1", TransactionIdAsync));

        Assert.Equal(results[0], results[1]);
        Assert.NotEqual(results[0], results[2]);
    }

    [PostgresFact]
    public async Task When_one_work_throws_the_others_still_commit_once_and_its_exception_reaches_its_caller()
    {
        await EnsureTableAsync();
        var ids = new[] { Ids.New("shr"), Ids.New("shr"), Ids.New("shr") };
        var runs = new int[3];
        var afterCommit = 0;

        var works = await GatherAsync(ids.Select((id, i) => (id, (Func<DbSession, Task<long>>)(async db =>
        {
            Interlocked.Increment(ref runs[i]);
            await InsertAsync(db, id, i + 1);
            await db.AfterCommitAsync(() => { Interlocked.Increment(ref afterCommit); return Task.CompletedTask; });
            var tx = await TransactionIdAsync(db);
            if (i == 1) throw new Refused();
            return tx;
        }))).ToArray());

        await Assert.ThrowsAsync<Refused>(() => works[1]);
        var (first, third) = (await works[0], await works[2]);
        // Each ran once in the shared transaction, which rolled back, and once more alone.
        Assert.Equal([2, 2, 2], runs);
        Assert.NotEqual(first, third);
        Assert.Equal(1, await ReadAsync(ids[0]));
        Assert.Null(await ReadAsync(ids[1]));
        Assert.Equal(3, await ReadAsync(ids[2]));
        // After-commit work runs for the commits that happened, never for the rolled-back try.
        Assert.Equal(2, afterCommit);
    }

    [PostgresFact]
    public async Task A_database_error_in_one_work_leaves_the_others_committed()
    {
        await EnsureTableAsync();
        var taken = Ids.New("shr");
        await using (var db = Session()) await InsertAsync(db, taken, 0);
        var ids = new[] { Ids.New("shr"), taken, Ids.New("shr") };

        var works = await GatherAsync(ids.Select((id, i) => (id, (Func<DbSession, Task<bool>>)(async db =>
        {
            await InsertAsync(db, id, i + 1);
            return true;
        }))).ToArray());

        Assert.True(await works[0]);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, (await Assert.ThrowsAsync<PostgresException>(() => works[1])).SqlState);
        Assert.True(await works[2]);
        Assert.Equal(1, await ReadAsync(ids[0]));
        Assert.Equal(0, await ReadAsync(taken));
        Assert.Equal(3, await ReadAsync(ids[2]));
    }

    /// <summary>
    /// The failing write is its work's last statement, so it goes with the commit: a count it misses
    /// (its caller's exception) or an error in the database (a duplicate key) fails the commit there.
    /// </summary>
    [PostgresTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_queued_write_failing_at_the_shared_commit_sends_every_work_back_alone(bool databaseError)
    {
        await EnsureTableAsync();
        var taken = Ids.New("shr");
        await using (var db = Session()) await InsertAsync(db, taken, 0);
        var (a, b) = (Ids.New("shr"), Ids.New("shr"));
        var runs = new int[2];

        var works = await GatherAsync<bool>(
            (a, async db =>
            {
                Interlocked.Increment(ref runs[0]);
                await db.ExecuteLaterAsync("INSERT INTO test_shared (id, n) VALUES (@a, 1)", new { a });
                return true;
            }),
            (b, async db =>
            {
                Interlocked.Increment(ref runs[1]);
                await (databaseError
                    ? db.ExecuteLaterAsync("INSERT INTO test_shared (id, n) VALUES (@taken, 2)", new { taken }, expectRows: 1, mismatch: () => new Refused())
                    : db.ExecuteLaterAsync("UPDATE test_shared SET n = 2 WHERE id = @b", new { b }, expectRows: 1, mismatch: () => new Refused()));
                return true;
            }));

        if (databaseError)
        {
            var failed = await Assert.ThrowsAsync<DeferredWriteException>(() => works[1].WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(failed.InnerException).SqlState);
        }
        else await Assert.ThrowsAsync<Refused>(() => works[1].WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await works[0].WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([2, 2], runs);
        Assert.Equal(1, await ReadAsync(a));
        Assert.Equal(0, await ReadAsync(taken));
    }

    [PostgresFact]
    public async Task A_queued_write_that_cannot_be_planned_fails_its_shared_commit_every_time()
    {
        await EnsureTableAsync();
        for (var i = 0; i < 4; i++)
        {
            var a = Ids.New("shr");
            var works = await GatherAsync<bool>((a, async db =>
            {
                await db.ExecuteLaterAsync("INSERT INTO test_shared (id, n) VALUES (@a, 1)", new { a = a + "x" }, expectRows: 1);
                await db.ExecuteLaterAsync("INSERT INTO test_shared_missing (id) VALUES (@a)", new { a }, expectRows: 1);
                await db.ExecuteLaterAsync("INSERT INTO test_shared (id, n) VALUES (@a, 1)", new { a = a + "y" });
                await db.ExecuteLaterAsync("INSERT INTO test_shared (id, n) VALUES (@a, 2)", new { a = a + "z" }, expectRows: 1);
                return true;
            }));
            var failed = await Assert.ThrowsAsync<DeferredWriteException>(() => works[0].WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(failed.InnerException).SqlState);
            Assert.Null(await ReadAsync(a + "x"));
        }
    }

    [PostgresFact]
    public async Task With_sharing_off_each_work_has_its_own_transaction()
    {
        var off = new SharedTransactions(fixture.App.Services.GetRequiredService<IDbConnectionFactory>(), new DatabaseOptions { SharedTransactions = 0 });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new DbSession(fixture.App.Services.GetRequiredService<IDbConnectionFactory>(), off);
        var second = new DbSession(fixture.App.Services.GetRequiredService<IDbConnectionFactory>(), off);

        // The first stays open while the second runs: with sharing on, the second would have waited to join the next one.
        var held = first.InSharedTransactionAsync("member-1", async () =>
        {
            var id = await TransactionIdAsync(first);
            started.SetResult();
            await release.Task;
            return id;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var alone = await second.InSharedTransactionAsync("member-2", () => TransactionIdAsync(second)).WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();

        Assert.NotEqual(await held, alone);
    }

    [SqliteFact]
    public async Task On_sqlite_it_is_a_plain_transaction()
    {
        await EnsureTableAsync();
        var id = Ids.New("shr");
        var runs = 0;
        await using var db = Session();

        await Assert.ThrowsAsync<Refused>(() => db.InSharedTransactionAsync(id, async () =>
        {
            runs++;
            await InsertAsync(db, id, 1);
            throw new Refused();
#pragma warning disable CS0162
            return true;
#pragma warning restore CS0162
        }));
        await db.InSharedTransactionAsync(id, async () => { await InsertAsync(db, id, 2); return true; });

        Assert.Equal(1, runs);
        Assert.Equal(2, await ReadAsync(id));
    }
}
