using Microsoft.Extensions.Logging.Abstractions;
using Shop.Framework.Data;
using Shop.PointsMall.Services;
using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>Upgrading a database whose rewards kept their stock on the listing row, and rolling the upgrade back.</summary>
public class StockMigrationTests
{
    [Fact]
    public async Task Existing_stock_is_spread_over_the_slices_and_the_redeemed_count_kept()
    {
        await using var old = await OldSchema.WithRewardsAsync("('ci_old', 'v1', 'goods', 'Old flask', 100, @t, 13, 4, 0), ('ci_empty', 'v1', 'goods', 'Sold out', 100, @t, 0, 9, 0)");
        old.Migrator.MigrateUp();

        await using var after = new DbSession(old.Factory);
        var rows = (await after.QueryAsync<(string RewardId, int Slice, long Left, long Redeemed)>(
            "SELECT reward_id, slice, stock_left, redeemed FROM mall_reward_stock ORDER BY reward_id, slice")).ToList();
        var spread = rows.Where(r => r.RewardId == "ci_old").ToList();
        Assert.Equal(StockSlices.Spread(13), spread.Select(r => r.Left).ToArray());
        Assert.Equal(4, spread.Sum(r => r.Redeemed));
        Assert.Equal((0L, 9L), (rows.Where(r => r.RewardId == "ci_empty").Sum(r => r.Left), rows.Where(r => r.RewardId == "ci_empty").Sum(r => r.Redeemed)));
        Assert.Equal(2 * StockSlices.Count, rows.Count);
    }

    [Fact]
    public async Task Rolling_back_puts_each_rewards_stock_and_redeemed_count_back_on_its_listing_row()
    {
        await using var old = await OldSchema.WithRewardsAsync("('ci_old', 'v1', 'goods', 'Old flask', 100, @t, 13, 4, 0)");
        old.Migrator.MigrateUp();
        await using (var db = new DbSession(old.Factory))
            // Redemptions after the upgrade took three units from one slice.
            await db.ExecuteAsync("UPDATE mall_reward_stock SET stock_left = stock_left - 1, redeemed = redeemed + 3 WHERE reward_id = 'ci_old' AND slice = 0");
        // Everything after the migration before the slices: the slices' own migration is undone.
        old.Migrator.MigrateDown(202612035001);

        await using var after = new DbSession(old.Factory);
        var reward = await after.QuerySingleOrDefaultAsync<(long Left, long Redeemed)>("SELECT stock_left, redeemed FROM mall_rewards WHERE reward_id = 'ci_old'");
        var slicesGone = await after.ExecuteScalarAsync<long>(
            old.Database.Provider == DatabaseProvider.PostgreSQL
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mall_reward_stock' AND table_schema = current_schema()"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'mall_reward_stock'");
        Assert.Equal((12L, 7L), reward);
        Assert.Equal(0, slicesGone);
        // And up again: the same stock spread once more.
        old.Migrator.MigrateUp();
        Assert.Equal(12, await after.ExecuteScalarAsync<long>("SELECT SUM(stock_left) FROM mall_reward_stock WHERE reward_id = 'ci_old'"));
    }

    /// <summary>A database at the mall's first schema, holding the given listing rows.</summary>
    private sealed class OldSchema(TestDatabase database, ShopMigrator migrator, IDbConnectionFactory factory) : IAsyncDisposable
    {
        public TestDatabase Database { get; } = database;
        public ShopMigrator Migrator { get; } = migrator;
        public IDbConnectionFactory Factory { get; } = factory;

        public static async Task<OldSchema> WithRewardsAsync(string values)
        {
            var database = new TestDatabase();
            var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
            var migrator = new ShopMigrator(options, [typeof(ShopMigrator).Assembly, typeof(Startup).Assembly], NullLoggerFactory.Instance);
            IDbConnectionFactory factory = database.Provider == DatabaseProvider.PostgreSQL
                ? new PostgresConnectionFactory(options) : new SqliteConnectionFactory(options);
            migrator.MigrateUp(202611236001);
            await using (var db = new DbSession(factory))
                await db.ExecuteAsync(
                    "INSERT INTO mall_rewards (reward_id, version_id, kind, title, points_price, listed, stock_left, redeemed, updated_at) VALUES " + values,
                    new { t = true });
            return new OldSchema(database, migrator, factory);
        }

        public async ValueTask DisposeAsync()
        {
            if (Factory is IAsyncDisposable a) await a.DisposeAsync();
            else (Factory as IDisposable)?.Dispose();
            Database.Dispose();
        }
    }
}
