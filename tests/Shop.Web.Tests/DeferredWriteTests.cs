using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// <see cref="DbSession.ExecuteLaterAsync"/>: on PostgreSQL a queued write travels with the
/// transaction's next statement or its commit; on SQLite it runs at once. Either way the next
/// statement sees it, a write that misses its expected rows fails the whole transaction with the
/// caller's exception, and a write that fails in the database is never taken for the failure of
/// the statement it travelled with.
/// </summary>
public sealed class DeferredWriteTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private sealed class DayTaken : Exception;

    private sealed record Row(string Id, long N, string? Note);

    private async Task<T> InScopeAsync<T>(Func<DbSession, Task<T>> work)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS test_deferred (id TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)");
        return await work(db);
    }

    private Task<Row?> ReadAsync(string id) =>
        InScopeAsync(db => db.QuerySingleOrDefaultAsync<Row>("SELECT id AS Id, n AS N, note AS Note FROM test_deferred WHERE id = @id", new { id }));

    private static Task InsertLaterAsync(DbSession db, string id, long n, string? note = null) =>
        db.ExecuteLaterAsync("INSERT INTO test_deferred (id, n, note) VALUES (@id, @n, @note)", new { id, n, note });

    private static string NewId() => Ids.New("dfr");

    [Fact]
    public async Task Queued_writes_are_seen_by_the_next_statement_in_order_and_commit()
    {
        var id = NewId();
        var inside = await InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, id, 1);
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n * 10 WHERE id = @id", new { id }, expectRows: 1);
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 2 WHERE id = @id", new { id }, expectRows: 1);
            return await db.ExecuteScalarAsync<long>("SELECT n FROM test_deferred WHERE id = @id", new { id });
        }));

        Assert.Equal(12, inside);
        Assert.Equal(12, (await ReadAsync(id))!.N);
    }

    [Fact]
    public async Task A_write_that_misses_its_expected_rows_throws_the_callers_exception_and_rolls_the_transaction_back()
    {
        var id = NewId();
        var reachedQuery = false;
        await Assert.ThrowsAsync<DayTaken>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, id, 1);
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = 5 WHERE id = @missing", new { missing = NewId() }, expectRows: 1, mismatch: () => new DayTaken());
            reachedQuery = true;
            return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_deferred WHERE id = @id", new { id });
        })));

        // SQLite checks the write where it is made; PostgreSQL where it is sent, with the query.
        Assert.Equal(TestDatabase.CurrentProvider == DatabaseProvider.PostgreSQL, reachedQuery);
        Assert.Null(await ReadAsync(id));
    }

    [Fact]
    public async Task A_mismatch_with_no_statement_after_it_is_thrown_by_the_commit_and_nothing_is_kept()
    {
        var id = NewId();
        await Assert.ThrowsAsync<DayTaken>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, id, 1);
            await db.ExecuteLaterAsync("INSERT INTO test_deferred (id, n) VALUES (@id, 2) ON CONFLICT DO NOTHING", new { id }, expectRows: 1, mismatch: () => new DayTaken());
            return true;
        })));

        Assert.Null(await ReadAsync(id));
    }

    [Fact]
    public async Task Expected_rows_met_by_the_last_queued_writes_commit_with_them()
    {
        var first = NewId();
        var second = NewId();
        await InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, first, 1);
            await InsertLaterAsync(db, second, 1);
            // Two rows, the way a lifetime and a day counter are counted together.
            await db.ExecuteLaterAsync($"UPDATE test_deferred SET n = n + 1 WHERE {db.In("id", "ids")}", new { ids = new[] { first, second } }, expectRows: 2);
            return true;
        }));
        await Assert.ThrowsAsync<DayTaken>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 10 WHERE id = @first", new { first }, expectRows: 1);
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 10 WHERE id = @first AND n > 100", new { first }, expectRows: 1, mismatch: () => new DayTaken());
            return true;
        })));

        Assert.Equal(2, (await ReadAsync(first))!.N);
        Assert.Equal(2, (await ReadAsync(second))!.N);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_database_error_caught_inside_the_work_never_ends_in_a_commit_that_silently_dropped_it(bool queuedAfter)
    {
        var taken = NewId();
        var written = NewId();
        var later = NewId();
        await InScopeAsync(db => db.InTransactionAsync(async () => { await InsertLaterAsync(db, taken, 1); return true; }));

        var outcome = await Record.ExceptionAsync(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await db.ExecuteAsync("INSERT INTO test_deferred (id, n) VALUES (@written, 1)", new { written });
            try
            {
                await db.ExecuteAsync("INSERT INTO test_deferred (id, n) VALUES (@taken, 2)", new { taken });
            }
            catch (DbException e) when (e.IsUniqueViolation())
            {
                // Handled as an answer, as a service might; the transaction goes on.
            }
            if (queuedAfter) await InsertLaterAsync(db, later, 1);
            return true;
        })));

        if (TestDatabase.CurrentProvider == DatabaseProvider.PostgreSQL)
        {
            // PostgreSQL failed the whole transaction at the caught error; the commit says so.
            Assert.Contains("already failed", Assert.IsType<InvalidOperationException>(outcome).Message);
            Assert.Null(await ReadAsync(written));
        }
        else
        {
            // SQLite fails only the statement: the rest of the work is kept.
            Assert.Null(outcome);
            Assert.Equal(1, (await ReadAsync(written))!.N);
            Assert.Equal(queuedAfter, await ReadAsync(later) is not null);
        }
        Assert.Equal(1, (await ReadAsync(taken))!.N);
    }

    [Fact]
    public async Task A_queued_write_that_fails_in_the_database_is_not_mistaken_for_the_next_statements_failure()
    {
        var taken = NewId();
        var fresh = NewId();
        await InScopeAsync(db => db.InTransactionAsync(async () => { await InsertLaterAsync(db, taken, 1); return true; }));

        var caughtAsOwn = false;
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, taken, 2);
            try
            {
                // The kind of handler that turns its own statement's unique violation into an answer.
                return await db.ExecuteAsync("INSERT INTO test_deferred (id, n) VALUES (@fresh, 3)", new { fresh });
            }
            catch (DbException e) when (e.IsUniqueViolation())
            {
                caughtAsOwn = true;
                return 0;
            }
        })));

        Assert.False(caughtAsOwn);
        if (TestDatabase.CurrentProvider == DatabaseProvider.PostgreSQL)
            Assert.True(Assert.IsType<DeferredWriteException>(thrown).InnerException!.IsUniqueViolation());
        else
            Assert.True(thrown.IsUniqueViolation()); // thrown by the queued write itself, where it was made
        Assert.Null(await ReadAsync(fresh));
        Assert.Equal(1, (await ReadAsync(taken))!.N);
    }

    /// <summary>
    /// On PostgreSQL a queued write's names go as positions ($1, $2): an @ in a literal, a quoted
    /// identifier or a comment is text, a name used twice is one value, and an @ right after an operator (2>@n) still starts a name.
    /// </summary>
    [Fact]
    public async Task Names_in_quotes_and_comments_are_text_and_a_name_used_twice_is_one_value()
    {
        var id = NewId();
        await InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await db.ExecuteLaterAsync(
                "INSERT INTO test_deferred (id, n, \"note\") /* @note */ VALUES (@id, @n + @n, '@n''s ' || @note || CASE WHEN 2>@n THEN '' ELSE '@' END) -- @absent",
                new { id, n = 4L, note = "x" });
            return true;
        }));

        Assert.Equal(new Row(id, 8, "@n's x@"), await ReadAsync(id));
    }

    [Fact]
    public async Task A_queued_write_using_a_name_its_parameters_lack_is_refused_and_nothing_is_kept()
    {
        var id = NewId();
        await Assert.ThrowsAnyAsync<Exception>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, id, 1);
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = @n WHERE id = @id", new { id });
            return true;
        })));

        Assert.Null(await ReadAsync(id));
    }

    /// <summary>
    /// A one-column answer converts as Dapper converts it, whether the statement went alone or with
    /// queued writes (on PostgreSQL both go in a batch, bound by position): a bigint count as an
    /// int, a numeric sum as a long, NULL as the default, a number as an enum.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_column_answers_convert_as_dapper_converts_them(bool queuedBefore)
    {
        var (id, missing) = (NewId(), NewId());
        await InScopeAsync(db => db.InTransactionAsync(async () => { await InsertLaterAsync(db, id, 3); return true; }));

        var answers = await InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            async Task Queue() { if (queuedBefore) await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n WHERE id = @id", new { id }, expectRows: 1); }
            await Queue();
            var count = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM test_deferred WHERE id = @id", new { id });
            await Queue();
            var sum = await db.ExecuteScalarAsync<long>("SELECT SUM(n) FROM test_deferred WHERE id = @id", new { id });
            await Queue();
            var none = await db.ExecuteScalarAsync<long>("SELECT SUM(n) FROM test_deferred WHERE id = @missing", new { missing });
            await Queue();
            var noneOrNull = await db.ExecuteScalarAsync<long?>("SELECT SUM(n) FROM test_deferred WHERE id = @missing", new { missing });
            await Queue();
            var counts = (await db.QueryAsync<int>("SELECT COUNT(*) FROM test_deferred WHERE id = @id", new { id })).ToList();
            await Queue();
            var kind = await db.QuerySingleOrDefaultAsync<DayOfWeek>("SELECT n FROM test_deferred WHERE id = @id", new { id });
            return (count, sum, none, noneOrNull, counts, kind);
        }));

        Assert.Equal((1, 3L, 0L, (long?)null), (answers.count, answers.sum, answers.none, answers.noneOrNull));
        Assert.Equal([1], answers.counts);
        Assert.Equal(DayOfWeek.Wednesday, answers.kind);
    }

    [Fact]
    public async Task Outside_a_transaction_a_queued_write_runs_at_once()
    {
        var id = NewId();
        await InScopeAsync(async db =>
        {
            await InsertLaterAsync(db, id, 7);
            // Another session sees it before this one issues anything else.
            Assert.Equal(7, (await ReadAsync(id))!.N);
            return true;
        });
    }

    [Fact]
    public async Task Statements_that_carry_queued_writes_answer_as_they_do_alone()
    {
        var first = NewId();
        var second = NewId();
        var results = await InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, first, 1, note: null);
            var single = await db.QuerySingleOrDefaultAsync<Row>("SELECT id AS Id, n AS N, note AS Note FROM test_deferred WHERE id = @first", new { first });

            await InsertLaterAsync(db, second, 2, note: "two");
            var tuples = (await db.QueryAsync<(string Id, long N)>(
                $"SELECT id, n FROM test_deferred WHERE {db.In("id", "ids")} ORDER BY n", new { ids = new[] { first, second } })).ToList();

            await db.ExecuteLaterAsync("UPDATE test_deferred SET note = @note WHERE id = @first", new { first, note = (string?)null }, expectRows: 1);
            var none = await db.QuerySingleOrDefaultAsync<Row>("SELECT id AS Id, n AS N, note AS Note FROM test_deferred WHERE id = @id", new { id = NewId() });
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 1 WHERE id = @second", new { second });
            var missingMax = await db.ExecuteScalarAsync<long?>("SELECT MAX(n) FROM test_deferred WHERE id = @id", new { id = NewId() });
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 1 WHERE id = @second", new { second });
            var changed = await db.ExecuteAsync($"UPDATE test_deferred SET note = 'both' WHERE {db.In("id", "ids")}", new { ids = new[] { first, second } });
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n + 1 WHERE id = @second", new { second });
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n WHERE id = @second", new { second });
            var note = await db.ExecuteScalarAsync<string>("SELECT note FROM test_deferred WHERE id = @second", new { second });
            await db.ExecuteLaterAsync("UPDATE test_deferred SET n = n WHERE id = @second", new { second });
            var twoRows = await Record.ExceptionAsync(() => db.QuerySingleOrDefaultAsync<Row>(
                $"SELECT id AS Id, n AS N, note AS Note FROM test_deferred WHERE {db.In("id", "ids")}", new { ids = new[] { first, second } }));
            return (single, tuples, none, missingMax, changed, note, twoRows);
        }));

        Assert.Equal(new Row(first, 1, null), results.single);
        Assert.Equal([(first, 1L), (second, 2L)], results.tuples);
        Assert.Null(results.none);
        Assert.Null(results.missingMax);
        Assert.Equal(2, results.changed);
        Assert.Equal("both", results.note);
        Assert.IsType<InvalidOperationException>(results.twoRows);
        Assert.Equal(new Row(second, 5, "both"), await ReadAsync(second));
    }

    /// <summary>
    /// A write PostgreSQL refuses to even plan (here: a table that does not exist) fails its commit
    /// like any other, also once Npgsql prepares it automatically (from its second use on).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_queued_write_that_cannot_be_planned_fails_the_commit_every_time(bool expectRows)
    {
        for (var i = 0; i < 3; i++)
        {
            var id = NewId();
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
            {
                await InsertLaterAsync(db, id, 1);
                await db.ExecuteLaterAsync("INSERT INTO test_deferred_missing (id) VALUES (@id)", new { id }, expectRows: expectRows ? 1 : null);
                return true;
            })).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.IsNotType<TimeoutException>(failed);
            Assert.Contains("test_deferred_missing", failed.ToString());
            Assert.Null(await ReadAsync(id));
        }
    }

    /// <summary>
    /// A write led by CTEs queues (a RETURNING inside a CTE hands nothing back) and keeps its expected
    /// count when it goes with the commit, where it is wrapped to check that count in PostgreSQL.
    /// </summary>
    [Fact]
    public async Task A_write_led_by_ctes_queues_and_its_expected_count_holds_at_the_commit()
    {
        var (id, missing) = (NewId(), NewId());
        await InScopeAsync(db => db.InTransactionAsync(async () => { await InsertLaterAsync(db, id, 4); return true; }));

        Task CopyLaterAsync(DbSession db, string from) => db.ExecuteLaterAsync(
            db.Provider == DatabaseProvider.PostgreSQL
                // A data-modifying CTE, which PostgreSQL takes only at the top of the statement.
                ? "WITH moved AS (UPDATE test_deferred SET n = n + 1 WHERE id = @from RETURNING id, n) INSERT INTO test_deferred (id, n, note) SELECT id || '-copy', n, 'copy' FROM moved"
                : "WITH moved AS (SELECT id, n + 1 AS n FROM test_deferred WHERE id = @from) INSERT INTO test_deferred (id, n, note) SELECT id || '-copy', n, 'copy' FROM moved",
            new { from }, expectRows: 1, mismatch: () => new DayTaken());

        await InScopeAsync(db => db.InTransactionAsync(async () => { await CopyLaterAsync(db, id); return true; }));
        await Assert.ThrowsAsync<DayTaken>(() => InScopeAsync(db => db.InTransactionAsync(async () =>
        {
            await InsertLaterAsync(db, missing + "-other", 9);
            await CopyLaterAsync(db, missing);
            return true;
        })));

        Assert.Equal(new Row(id + "-copy", 5, "copy"), await ReadAsync(id + "-copy"));
        Assert.Null(await ReadAsync(missing + "-copy"));
        Assert.Null(await ReadAsync(missing + "-other"));
    }

    [Fact]
    public async Task A_write_that_returns_rows_or_takes_a_list_cannot_be_queued()
    {
        await InScopeAsync(async db =>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => db.ExecuteLaterAsync("UPDATE test_deferred SET n = 1 WHERE id = 'x' RETURNING n"));
            await Assert.ThrowsAsync<ArgumentException>(() => db.ExecuteLaterAsync("SELECT 1"));
            await Assert.ThrowsAsync<ArgumentException>(() => db.ExecuteLaterAsync("WITH one AS (SELECT 1 AS n) SELECT n FROM one"));
            await Assert.ThrowsAsync<ArgumentException>(() => db.ExecuteLaterAsync(
                "WITH one AS (SELECT 1 AS n) INSERT INTO test_deferred (id, n) SELECT 'x', n FROM one RETURNING id"));
            await Assert.ThrowsAsync<ArgumentException>(() => db.ExecuteLaterAsync("UPDATE test_deferred SET n = 1 WHERE id = @id", new[] { new { id = "a" }, new { id = "b" } }));
            return true;
        });
    }
}
