using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;

namespace Shop.CheckIn.Tests;

/// <summary>
/// The indexes of check-in records, on the database the tests run on: the member queries must have
/// no date-leading index to stray into (see M202612035001_DayStatsIndex), and the day's totals must
/// still find their records through the expression index.
/// </summary>
public class CheckInIndexTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    [Fact]
    public async Task No_index_on_check_in_records_leads_with_the_plain_date()
    {
        var leading = await InSessionAsync(async db => db.Provider == DatabaseProvider.PostgreSQL
            ? (await db.QueryAsync<string>(
                "SELECT a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] " +
                "WHERE t.relname = 'checkin_records'")).ToList()
            : (await db.QueryAsync<string>(
                "SELECT ii.name FROM pragma_index_list('checkin_records') il, pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name IS NOT NULL")).ToList());

        Assert.Contains("member_id", leading);
        Assert.DoesNotContain("date", leading);
    }

    [Fact]
    public async Task The_day_totals_query_is_served_by_the_expression_index()
    {
        var plan = await InSessionAsync(async db =>
        {
            const string query = "SELECT COUNT(*) FROM checkin_records WHERE substr(date, 1, 10) = '2026-11-23'";
            if (db.Provider == DatabaseProvider.Sqlite)
                return string.Join('\n', (await db.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {query}")).Select(r => r.Detail));
            // A test table is small enough for a sequential scan to be cheaper; what matters is that the index can serve.
            return await db.InTransactionAsync(async () =>
            {
                await db.ExecuteAsync("SET LOCAL enable_seqscan = off");
                return string.Join('\n', await db.QueryAsync<string>($"EXPLAIN {query}"));
            });
        });

        Assert.Contains("ix_checkin_records_day", plan);
    }

    private async Task<T> InSessionAsync<T>(Func<DbSession, Task<T>> read)
    {
        using var scope = fixture.App.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<DbSession>());
    }
}
