using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Points.Services;
using Shop.Testing;

namespace Shop.Points.Tests;

/// <summary>How the points tables are stored, where that is the database's business.</summary>
public class StorageTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    [PostgresFact]
    public async Task Account_and_lot_pages_keep_room_for_updates_in_place()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();

        var options = (await db.QueryAsync<(string Table, string Options)>(
            "SELECT relname, array_to_string(reloptions, ',') FROM pg_class WHERE relname IN ('points_accounts', 'points_lots') AND relkind = 'r' AND relnamespace = current_schema()::regnamespace ORDER BY relname")).ToList();

        Assert.Equal([("points_accounts", "fillfactor=80"), ("points_lots", "fillfactor=80")], options);
    }

    /// <summary>
    /// The earn caps and a spend's returns are each served by the partial index that holds only the
    /// entries they look for (M202612049001_LedgerQueryIndexes), on both databases; that needs the
    /// kind and source written into the query as constants.
    /// </summary>
    [Theory]
    [InlineData(OrderEarning.EarnedBetweenSql, "ix_points_entries_order_earns")]
    [InlineData(PointsLedger.SpendReturnsSql, "ix_points_entries_spend_returns")]
    public async Task The_filtered_ledger_queries_use_their_partial_indexes(string sql, string index)
    {
        var literal = sql.Replace("@memberId", "'mem_plan'").Replace("@from", "0").Replace("@to", "86400000").Replace("@id", "'pts_plan'");

        Assert.Contains(index, await QueryPlans.PlanAsync(fixture.App.Services, literal));
    }

    [Fact]
    public async Task The_ledger_keeps_an_index_for_each_filtered_query_and_none_by_kind()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var indexes = (await db.QueryAsync<string>(db.Provider == DatabaseProvider.PostgreSQL
            ? "SELECT indexname FROM pg_indexes WHERE tablename = 'points_entries' AND schemaname = current_schema()"
            : "SELECT name FROM pragma_index_list('points_entries')")).ToList();

        Assert.DoesNotContain("ix_points_entries_kind_time", indexes);
        Assert.Contains("ix_points_entries_order_earns", indexes);
        Assert.Contains("ix_points_entries_spend_returns", indexes);
    }
}
