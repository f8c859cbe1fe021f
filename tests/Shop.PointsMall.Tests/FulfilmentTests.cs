namespace Shop.PointsMall.Tests;

/// <summary>The merchant's side: goods go pending → shipped → delivered; a cancel gives everything back, once.</summary>
public class FulfilmentTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;

    [Fact]
    public async Task Goods_are_shipped_with_tracking_then_delivered()
    {
        var rewardId = await _app.PublishRewardAsync("Shipped flask");
        var (token, _) = await _app.MemberWithPointsAsync("13970000001", 1_000);
        var id = (await _app.RedeemAsync(token, rewardId, "ship-1")).Redemption().Str("id");

        var deliverTooEarly = await _app.DeliverAsync(id);
        var shipped = await _app.ShipAsync(id, "SF Express", "SF100");
        var corrected = await _app.ShipAsync(id, "SF Express", "SF101");
        var delivered = await _app.DeliverAsync(id);
        var deliveredAgain = await _app.DeliverAsync(id);
        var shipAfter = await _app.ShipAsync(id);

        Assert.Equal("INVALID_STATUS", deliverTooEarly.Code());
        Assert.Equal("shipped", shipped.Redemption().Str("status"));
        Assert.Equal("SF101", corrected.Redemption().Str("trackingNumber"));
        Assert.Equal("delivered", delivered.Redemption().Str("status"));
        deliveredAgain.NoErrors();
        Assert.Equal("INVALID_STATUS", shipAfter.Code());
        var mine = await _app.App.StorefrontAsync("{ me { redemptions(first: 1) { edges { node { status carrier trackingNumber } } } } }", token: token);
        var node = mine.Data!["me"]!["redemptions"]!["edges"]![0]!["node"]!;
        Assert.Equal(("delivered", "SF Express", "SF101"), (node.Str("status"), node.Str("carrier"), node.Str("trackingNumber")));
    }

    [Fact]
    public async Task Shipping_needs_a_carrier_and_a_tracking_number_and_only_goods_ship()
    {
        var couponReward = await _app.PublishRewardAsync("Coupon to ship", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var goodsReward = await _app.PublishRewardAsync("Flask to ship");
        var (token, _) = await _app.MemberWithPointsAsync("13970000002", 1_000);
        var coupon = (await _app.RedeemAsync(token, couponReward, "c-1")).Redemption().Str("id");
        var goods = (await _app.RedeemAsync(token, goodsReward, "g-1")).Redemption().Str("id");

        Assert.Equal("INVALID_STATUS", (await _app.ShipAsync(coupon)).Code());
        Assert.Equal("VALIDATION", (await _app.ShipAsync(goods, " ", "SF1")).Code());
        Assert.Equal("NOT_FOUND", (await _app.ShipAsync("rdm_missing")).Code());
        Assert.Equal("NOT_FOUND", (await _app.DeliverAsync("rdm_missing")).Code());
    }

    [Fact]
    public async Task Cancelling_returns_points_stock_and_the_limit_and_twice_is_once()
    {
        var rewardId = await _app.PublishRewardAsync("Cancelled flask", r => { r["perMemberLimit"] = 1; r["perMemberDailyLimit"] = 1; r["pointsPrice"] = 300; });
        var (token, _) = await _app.MemberWithPointsAsync("13970000003", 1_000);
        var id = (await _app.RedeemAsync(token, rewardId, "cancel-1")).Redemption().Str("id");
        Assert.Equal("LIMIT_REACHED", (await _app.RedeemAsync(token, rewardId, "cancel-2")).Code());
        (await _app.ShipAsync(id)).NoErrors();

        var cancelled = await _app.CancelAsync(id, "cancel-key");
        var balanceAfterCancel = await _app.PointsAsync(token);
        var stockAfterCancel = await _app.StockAsync(rewardId);
        var replay = await _app.CancelAsync(id, "cancel-key");
        var otherKey = await _app.CancelAsync(id, "another-key");

        Assert.Equal("cancelled", cancelled.Redemption().Str("status"));
        Assert.Equal(1_000, balanceAfterCancel);
        Assert.Equal(10, stockAfterCancel.Long("stockLeft"));
        Assert.Equal(0, stockAfterCancel.Long("redeemed"));
        replay.NoErrors();
        Assert.Equal("CONFLICT", otherKey.Code());
        Assert.Equal(1_000, await _app.PointsAsync(token));
        Assert.Equal(10, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        // The lifetime and the day's counts came back with the points: the member may redeem again.
        (await _app.RedeemAsync(token, rewardId, "cancel-3")).NoErrors();
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public async Task Delivered_goods_and_coupons_and_codes_cannot_be_cancelled()
    {
        var goodsReward = await _app.PublishRewardAsync("Delivered flask");
        var couponReward = await _app.PublishRewardAsync("Kept coupon", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var virtualReward = await _app.PublishRewardAsync("Kept code", r => r["kind"] = "virtual");
        (await _app.UploadCodesAsync(virtualReward, "KEEP-1")).NoErrors();
        var (token, _) = await _app.MemberWithPointsAsync("13970000004", 1_000);
        var goods = (await _app.RedeemAsync(token, goodsReward, "k-1")).Redemption().Str("id");
        var coupon = (await _app.RedeemAsync(token, couponReward, "k-2")).Redemption().Str("id");
        var code = (await _app.RedeemAsync(token, virtualReward, "k-3")).Redemption().Str("id");
        (await _app.ShipAsync(goods)).NoErrors();
        (await _app.DeliverAsync(goods)).NoErrors();

        var refusals = new[] { await _app.CancelAsync(goods, "x-1"), await _app.CancelAsync(coupon, "x-2"), await _app.CancelAsync(code, "x-3") };

        Assert.All(refusals, r => Assert.Equal("NOT_CANCELLABLE", r.Code()));
        Assert.Contains("Delivered", refusals[0]["errors"]![0]!.Str("message"));
        Assert.Contains("coupon", refusals[1]["errors"]![0]!.Str("message"));
        Assert.Contains("code", refusals[2]["errors"]![0]!.Str("message"));
        Assert.Equal(700, await _app.PointsAsync(token));
        Assert.Equal("NOT_FOUND", (await _app.CancelAsync("rdm_missing", "x-4")).Code());
        Assert.Equal("VALIDATION", (await _app.AdminMutationAsync("redemptionCancel", "RedemptionCancelInput", new { redemptionId = goods, reason = "", idempotencyKey = "x-5" })).Code());
    }

    [Fact]
    public async Task Concurrent_cancels_of_one_redemption_return_its_points_once()
    {
        var rewardId = await _app.PublishRewardAsync("Raced cancel");
        var (token, _) = await _app.MemberWithPointsAsync("13970000005", 1_000);
        var id = (await _app.RedeemAsync(token, rewardId, "race-1")).Redemption().Str("id");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _app.CancelAsync(id, i % 2 == 0 ? "same-key" : $"key-{i}")));

        Assert.Contains(results, r => r["errors"]!.AsArray().Count == 0);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("CONFLICT", r.Code()));
        Assert.Equal(1_000, await _app.PointsAsync(token));
        Assert.Equal(10, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        Assert.Empty(await _app.PointsViolationsAsync());
    }
}
