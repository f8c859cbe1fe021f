using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.PointsMall.Services;
using Shop.Testing;

namespace Shop.PointsMall.Tests;

/// <summary>A reward's stock lives in slices; redemptions, cancels and adjustments keep their sum exact.</summary>
public class StockSliceTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;

    [Fact]
    public void Stock_is_spread_evenly_with_the_remainder_first()
    {
        Assert.Equal([2, 2, 2, 2, 2, 1, 1, 1], StockSlices.Spread(13));
        Assert.Equal(new long[StockSlices.Count], StockSlices.Spread(0));
        Assert.Equal(1_000_000, StockSlices.Spread(1_000_000).Sum());
    }

    [Fact]
    public void A_take_across_slices_drains_the_first_ones_first_and_refuses_a_shortfall()
    {
        Assert.Equal([1, 0, 2, 0], StockSlices.Plan([1, 0, 5, 4], 3)!);
        Assert.Equal([1, 0, 5, 4], StockSlices.Plan([1, 0, 5, 4], 10)!);
        Assert.Null(StockSlices.Plan([1, 0, 5, 4], 11));
        Assert.Equal([0, 0], StockSlices.Plan([0, 3], 0)!);
    }

    [Fact]
    public async Task The_first_publish_spreads_the_stock_and_later_ones_leave_it()
    {
        var rewardId = await _app.PublishRewardAsync("Sliced flask", r => r["initialStock"] = 100);
        await _app.PublishAsync(rewardId);

        var slices = await SlicesAsync(rewardId);

        Assert.Equal(StockSlices.Count, slices.Count);
        Assert.Equal(100, slices.Sum(s => s.Left));
        Assert.All(slices, s => Assert.InRange(s.Left, 12, 13));
        Assert.Equal(100, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task A_redemption_larger_than_any_slice_combines_slices_and_a_shortfall_takes_nothing()
    {
        // Eight units: one a slice, so two or three units can only come from several.
        var rewardId = await _app.PublishRewardAsync("Thinly sliced flask", r => r["initialStock"] = 8);
        var (token, _) = await _app.MemberWithPointsAsync("13991100001", 10_000);

        var three = await _app.RedeemAsync(token, rewardId, "slice-3", quantity: 3);
        var six = await _app.RedeemAsync(token, rewardId, "slice-6", quantity: 6);
        var five = await _app.RedeemAsync(token, rewardId, "slice-5", quantity: 5);

        three.NoErrors();
        Assert.Equal("OUT_OF_STOCK", six.Code());
        five.NoErrors();
        Assert.Equal((0L, 8L), ((await _app.StockAsync(rewardId)).Long("stockLeft"), (await _app.StockAsync(rewardId)).Long("redeemed")));
        Assert.Equal(10_000 - 8 * 100, await _app.PointsAsync(token));
        Assert.All(await SlicesAsync(rewardId), s => Assert.Equal(0, s.Left));
    }

    [Fact]
    public async Task Adjustments_spread_what_they_add_and_take_across_slices()
    {
        var rewardId = await _app.PublishRewardAsync("Restocked flask", r => r["initialStock"] = 8);

        var removed = await _app.AdjustStockAsync(rewardId, -5, "slice-adj-1");
        var tooMuch = await _app.AdjustStockAsync(rewardId, -4, "slice-adj-2");
        var added = await _app.AdjustStockAsync(rewardId, 21, "slice-adj-3");
        var slices = await SlicesAsync(rewardId);

        Assert.Equal(3, removed["stock"]!.Long("stockLeft"));
        Assert.Equal("VALIDATION", tooMuch.Code());
        Assert.Equal(24, added["stock"]!.Long("stockLeft"));
        Assert.Equal(24, slices.Sum(s => s.Left));
        // 21 added over 8 slices: every slice got two or three, whatever the earlier take left there.
        Assert.All(slices, s => Assert.InRange(s.Left, 2, 4));
    }

    [Fact]
    public async Task A_cancelled_redemption_puts_its_units_back()
    {
        var rewardId = await _app.PublishRewardAsync("Returned flask", r => r["initialStock"] = 8);
        var (token, _) = await _app.MemberWithPointsAsync("13991100002", 1_000);
        var redeemed = await _app.RedeemAsync(token, rewardId, "slice-cancel", quantity: 2);

        var cancelled = await _app.CancelAsync(redeemed["redemption"]!.Str("id"), "slice-cancel-1");

        cancelled.NoErrors();
        var stock = await _app.StockAsync(rewardId);
        Assert.Equal((8L, 0L), (stock.Long("stockLeft"), stock.Long("redeemed")));
        Assert.Equal(8, (await SlicesAsync(rewardId)).Sum(s => s.Left));
    }

    [PostgresFact]
    public async Task A_redemption_finding_every_slice_busy_tries_again_until_one_is_free()
    {
        var rewardId = await _app.PublishRewardAsync("Busy flask", r => r["initialStock"] = 8);
        var (token, _) = await _app.MemberWithPointsAsync("13991100003", 1_000);

        // Another transaction holds every slice (as a stock cut would) until told to give up.
        var release = new TaskCompletionSource();
        var locked = new TaskCompletionSource();
        var holder = HoldSlicesAsync(rewardId, locked, release.Task);
        await locked.Task;
        var redeeming = _app.RedeemAsync(token, rewardId, "busy-1");
        var early = await Task.WhenAny(redeeming, Task.Delay(500));
        release.SetResult();
        await holder;
        var redeemed = await redeeming;

        Assert.NotSame(redeeming, early);
        redeemed.NoErrors();
        Assert.Equal(7, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        // Each busy try rolled back whole: the points went once.
        Assert.Equal(900, await _app.PointsAsync(token));
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [PostgresFact]
    public async Task A_redemption_waiting_on_busy_slices_is_refused_once_what_they_held_is_gone()
    {
        var rewardId = await _app.PublishRewardAsync("Vanishing flask", r => r["initialStock"] = 8);
        var (token, _) = await _app.MemberWithPointsAsync("13991100004", 1_000);

        var release = new TaskCompletionSource();
        var locked = new TaskCompletionSource();
        var holder = HoldSlicesAsync(rewardId, locked, release.Task, takeAll: true);
        await locked.Task;
        var redeeming = _app.RedeemAsync(token, rewardId, "vanish-1");
        await Task.Delay(300);
        release.SetResult();
        await holder;

        Assert.Equal("OUT_OF_STOCK", (await redeeming).Code());
        Assert.Equal(1_000, await _app.PointsAsync(token));
    }

    /// <summary>Locks every slice of the reward in its own transaction; on release, empties them and commits (takeAll) or rolls back.</summary>
    private async Task HoldSlicesAsync(string rewardId, TaskCompletionSource locked, Task release, bool takeAll = false)
    {
        using var scope = _app.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        try
        {
            await db.InTransactionAsync(async () =>
            {
                await db.QueryAsync<int>("SELECT slice FROM mall_reward_stock WHERE reward_id = @rewardId ORDER BY slice FOR UPDATE", new { rewardId });
                locked.SetResult();
                await release;
                if (!takeAll) throw new OperationCanceledException("roll back");
                return await db.ExecuteAsync("UPDATE mall_reward_stock SET stock_left = 0 WHERE reward_id = @rewardId", new { rewardId });
            });
        }
        catch (OperationCanceledException) when (!takeAll)
        {
        }
    }

    private async Task<List<(int Slice, long Left)>> SlicesAsync(string rewardId)
    {
        using var scope = _app.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        return (await db.QueryAsync<(int Slice, long Left)>(
            "SELECT slice, stock_left FROM mall_reward_stock WHERE reward_id = @rewardId ORDER BY slice", new { rewardId })).ToList();
    }
}
