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

    [Fact]
    public async Task Rolling_back_puts_each_rewards_stock_and_redeemed_count_back_on_its_listing_row()
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
                "VALUES ('ci_old', 'v1', 'goods', 'Old flask', 100, @t, 13, 4, 0)", new { t = true });
        }
        migrator.MigrateUp();
        await using (var db = new DbSession(factory))
            // Redemptions after the upgrade took three units from one slice.
            await db.ExecuteAsync("UPDATE mall_reward_stock SET stock_left = stock_left - 1, redeemed = redeemed + 3 WHERE reward_id = 'ci_old' AND slice = 0");
        // Everything after the migration before the slices: the slices' own migration is undone.
        migrator.MigrateDown(202612035001);

        await using var after = new DbSession(factory);
        var reward = await after.QuerySingleOrDefaultAsync<(long Left, long Redeemed)>("SELECT stock_left, redeemed FROM mall_rewards WHERE reward_id = 'ci_old'");
        var slicesGone = await after.ExecuteScalarAsync<long>(
            database.Provider == DatabaseProvider.PostgreSQL
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mall_reward_stock' AND table_schema = current_schema()"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'mall_reward_stock'");
        Assert.Equal((12L, 7L), reward);
        Assert.Equal(0, slicesGone);
        // And up again: the same stock spread once more.
        migrator.MigrateUp();
        Assert.Equal(12, await after.ExecuteScalarAsync<long>("SELECT SUM(stock_left) FROM mall_reward_stock WHERE reward_id = 'ci_old'"));
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
