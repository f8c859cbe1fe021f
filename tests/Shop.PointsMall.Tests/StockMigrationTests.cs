using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.PointsMall.Services;
using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>Upgrading a database whose rewards kept their stock on the listing row.</summary>
public class StockMigrationTests
{
    [Fact]
    public async Task Existing_stock_is_spread_over_the_slices_and_the_redeemed_count_kept()
    {
        using var database = new TestDatabase();
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        var migrator = new ShopMigrator(options, [typeof(ShopMigrator).Assembly, typeof(Startup).Assembly], NullLoggerFactory.Instance);
        IDbConnectionFactory factory = database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresConnectionFactory(options) : new SqliteConnectionFactory(options);
        await using var _ = new Disposal(factory);

        migrator.MigrateUp(202611236001);
        await using (var db = new DbSession(factory))
        {
            await db.ExecuteAsync(
                "INSERT INTO mall_rewards (reward_id, version_id, kind, title, points_price, listed, stock_left, redeemed, updated_at) " +
                "VALUES ('ci_old', 'v1', 'goods', 'Old flask', 100, @t, 13, 4, 0), ('ci_empty', 'v1', 'goods', 'Sold out', 100, @t, 0, 9, 0)", new { t = true });
        }
        migrator.MigrateUp();

        await using var after = new DbSession(factory);
        var rows = (await after.QueryAsync<(string RewardId, int Slice, long Left, long Redeemed)>(
            "SELECT reward_id, slice, stock_left, redeemed FROM mall_reward_stock ORDER BY reward_id, slice")).ToList();
        var old = rows.Where(r => r.RewardId == "ci_old").ToList();
        Assert.Equal(StockSlices.Spread(13), old.Select(r => r.Left).ToArray());
        Assert.Equal(4, old.Sum(r => r.Redeemed));
        Assert.Equal((0L, 9L), (rows.Where(r => r.RewardId == "ci_empty").Sum(r => r.Left), rows.Where(r => r.RewardId == "ci_empty").Sum(r => r.Redeemed)));
        Assert.Equal(2 * StockSlices.Count, rows.Count);
    }

    private sealed class Disposal(object owned) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (owned is IAsyncDisposable a) await a.DisposeAsync();
            else (owned as IDisposable)?.Dispose();
        }
    }
}
