namespace Shop.PointsMall.Tests;

/// <summary>Redeeming each kind through GraphQL: what moves, what is handed over, what is recorded.</summary>
public class RedeemTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;

    [Fact]
    public async Task Redeeming_goods_spends_points_takes_stock_and_waits_for_shipping()
    {
        var rewardId = await _app.PublishRewardAsync("Goods flask", r => { r["pointsPrice"] = 300; r["cashFen"] = 990; });
        var (token, memberId) = await _app.MemberWithPointsAsync("13950000001", 1_000);

        var payload = await _app.RedeemAsync(token, rewardId, "goods-1", quantity: 2);

        payload.NoErrors();
        var redemption = payload.Redemption();
        Assert.Equal("pending", redemption.Str("status"));
        Assert.Equal("goods", redemption.Str("kind"));
        Assert.Equal(600, redemption.Long("pointsSpent"));
        Assert.Equal(1_980, redemption.Long("cashFen"));
        Assert.Equal(memberId, redemption.Str("memberId"));
        Assert.Equal("2026-11-23", redemption.Str("localDay"));
        Assert.Equal(400, await _app.PointsAsync(token));
        var stock = await _app.StockAsync(rewardId);
        Assert.Equal(8, stock.Long("stockLeft"));
        Assert.Equal(2, stock.Long("redeemed"));
        var history = await _app.App.StorefrontAsync("{ me { points { history(first: 1) { edges { node { kind delta sourceType sourceId } } } } } }", token: token);
        var entry = history.Data!["me"]!["points"]!["history"]!["edges"]![0]!["node"]!;
        Assert.Equal("spend", entry.Str("kind"));
        Assert.Equal(-600, entry.Long("delta"));
        Assert.Equal("mall.redemption", entry.Str("sourceType"));
        Assert.Equal(redemption.Str("id"), entry.Str("sourceId"));
    }

    [Fact]
    public async Task Redeeming_a_coupon_issues_it_through_the_mall_channel_at_once()
    {
        var rewardId = await _app.PublishRewardAsync("Coupon 10 off", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var (token, memberId) = await _app.MemberWithPointsAsync("13950000002", 500);

        var payload = await _app.RedeemAsync(token, rewardId, "coupon-1", quantity: 2);

        payload.NoErrors();
        var redemption = payload.Redemption();
        Assert.Equal("fulfilled", redemption.Str("status"));
        var couponIds = redemption["couponIds"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(2, couponIds.Distinct().Count());
        var issued = _app.Coupons.Issued.Where(i => i.Issue.MemberId == memberId).ToList();
        Assert.Equal(couponIds.Order(), issued.Select(i => i.Coupon.Id).Order());
        Assert.All(issued, i =>
        {
            Assert.Equal("mall", i.Issue.Channel);
            Assert.Equal(FakeCouponIssuer.Template, i.Issue.TemplateId);
            Assert.Equal(redemption.Str("id"), i.Issue.SourceId);
        });
        Assert.Equal(300, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task Redeeming_a_virtual_reward_hands_over_a_code_from_the_pool()
    {
        var rewardId = await _app.PublishRewardAsync("Video card", r => { r["kind"] = "virtual"; r["initialStock"] = 5; });
        (await _app.UploadCodesAsync(rewardId, "VC-0001", "VC-0002")).NoErrors();
        var (token, _) = await _app.MemberWithPointsAsync("13950000003", 1_000);

        var first = await _app.RedeemAsync(token, rewardId, "virtual-1");
        var second = await _app.RedeemAsync(token, rewardId, "virtual-2");
        var third = await _app.RedeemAsync(token, rewardId, "virtual-3");

        first.NoErrors();
        second.NoErrors();
        Assert.Equal("fulfilled", first.Redemption().Str("status"));
        var codes = new[] { first, second }.Select(p => p.Redemption()["codes"]!.AsArray().Single()!.GetValue<string>()).ToList();
        Assert.Equal(["VC-0001", "VC-0002"], codes.Order());
        // Stock is left but the pool is empty: nothing is spent.
        Assert.Equal("OUT_OF_STOCK", third.Code());
        Assert.Equal(800, await _app.PointsAsync(token));
        var stock = await _app.StockAsync(rewardId);
        Assert.Equal(3, stock.Long("stockLeft"));
        Assert.Equal(0, stock.Long("codesAvailable"));
    }

    [Fact]
    public async Task A_redemption_of_many_units_hands_over_a_code_each()
    {
        var rewardId = await _app.PublishRewardAsync("Bulk card", r => { r["kind"] = "virtual"; r["initialStock"] = 99; r["pointsPrice"] = 1; });
        var codes = Enumerable.Range(1, 99).Select(n => $"{n:D3}-" + new string('X', 196)).ToArray();
        (await _app.UploadCodesAsync(rewardId, codes)).NoErrors();
        var (token, _) = await _app.MemberWithPointsAsync("13950000008", 1_000);

        var payload = await _app.RedeemAsync(token, rewardId, "bulk-1", quantity: 99);

        Assert.Equal(codes, payload.Redemption()["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Order());
        var mine = await _app.App.StorefrontAsync("{ me { redemptions(first: 1) { edges { node { codes } } } } }", token: token);
        Assert.Equal(99, mine.Data!["me"]!["redemptions"]!["edges"]![0]!["node"]!["codes"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_refused_coupon_rolls_the_whole_redemption_back()
    {
        var soldOut = await _app.PublishRewardAsync("Sold-out coupon", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.SoldOut; r["perMemberLimit"] = 1; });
        var withdrawn = await _app.PublishRewardAsync("Withdrawn coupon", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Withdrawn; });
        var (token, memberId) = await _app.MemberWithPointsAsync("13950000004", 500);

        var refused = await _app.RedeemAsync(token, soldOut, "sold-out-1");
        var again = await _app.RedeemAsync(token, soldOut, "sold-out-2");
        var gone = await _app.RedeemAsync(token, withdrawn, "withdrawn-1");
        var preview = await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { canRedeem reason } }", new { id = withdrawn }, token);

        Assert.Equal((false, "NOT_AVAILABLE"), (preview.Data!["reward"]!["canRedeem"]!.GetValue<bool>(), preview.Data["reward"]!.Str("reason")));
        Assert.Equal("OUT_OF_STOCK", refused.Code());
        // The lifetime count of 1 was rolled back with the rest, so the member is refused for the same reason, not LIMIT_REACHED.
        Assert.Equal("OUT_OF_STOCK", again.Code());
        Assert.Equal("NOT_AVAILABLE", gone.Code());
        Assert.Equal(500, await _app.PointsAsync(token));
        Assert.Equal(10, (await _app.StockAsync(soldOut)).Long("stockLeft"));
        var mine = await _app.App.StorefrontAsync("{ me { redemptions { totalCount } } }", token: token);
        Assert.Equal(0, mine.Data!["me"]!["redemptions"]!["totalCount"]!.GetValue<int>());
        Assert.Empty(await _app.PointsViolationsAsync());
        Assert.DoesNotContain(_app.Coupons.Issued, i => i.Issue.MemberId == memberId);
    }

    [Fact]
    public async Task A_replayed_key_returns_the_first_redemption_and_changes_nothing()
    {
        var rewardId = await _app.PublishRewardAsync("Replayed flask");
        var (token, _) = await _app.MemberWithPointsAsync("13950000005", 1_000);

        var first = await _app.RedeemAsync(token, rewardId, "replay-1");
        var replay = await _app.RedeemAsync(token, rewardId, "replay-1");
        var misuse = await _app.RedeemAsync(token, rewardId, "replay-1", quantity: 3);

        first.NoErrors();
        replay.NoErrors();
        Assert.Equal(first.Redemption().Str("id"), replay.Redemption().Str("id"));
        Assert.Equal("VALIDATION", misuse.Code());
        Assert.Equal("idempotencyKey", misuse["errors"]![0]!.Str("field"));
        Assert.Equal(900, await _app.PointsAsync(token));
        Assert.Equal(9, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task A_replay_returns_the_first_redemption_after_the_reward_sold_out_or_was_archived()
    {
        var rewardId = await _app.PublishRewardAsync("Last one", r => r["initialStock"] = 1);
        var (token, _) = await _app.MemberWithPointsAsync("13950000007", 1_000);
        var first = await _app.RedeemAsync(token, rewardId, "last-1");

        var afterSellOut = await _app.RedeemAsync(token, rewardId, "last-1");
        var archived = await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = rewardId });
        var afterArchive = await _app.RedeemAsync(token, rewardId, "last-1");
        var newKey = await _app.RedeemAsync(token, rewardId, "last-2");

        Assert.Empty(archived.Data!["rewardArchive"]!["errors"]!.AsArray());
        Assert.Equal(first.Redemption().Str("id"), afterSellOut.Redemption().Str("id"));
        Assert.Equal(first.Redemption().Str("id"), afterArchive.Redemption().Str("id"));
        Assert.Equal("NOT_FOUND", newKey.Code());
        Assert.Equal(900, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task A_new_version_reprices_the_reward_but_keeps_its_stock()
    {
        var rewardId = await _app.PublishRewardAsync("Repriced flask", r => r["initialStock"] = 5);
        var (token, _) = await _app.MemberWithPointsAsync("13950000006", 1_000);
        (await _app.RedeemAsync(token, rewardId, "v1")).NoErrors();

        var updated = await _app.App.AdminAsync("mutation($i: RewardUpdateInput!) { rewardUpdate(input: $i) { errors { code } } }",
            new { i = MallApp.Reward("Repriced flask", r => { r["id"] = rewardId; r["pointsPrice"] = 250; r["initialStock"] = 500; }) });
        Assert.Empty(updated.Data!["rewardUpdate"]!["errors"]!.AsArray());
        var whileDraft = await _app.RedeemAsync(token, rewardId, "v1-draft");
        (await _app.PublishAsync(rewardId)).NoErrors();
        var afterPublish = await _app.RedeemAsync(token, rewardId, "v2");

        Assert.Equal(100, whileDraft.Redemption().Long("pointsSpent"));
        Assert.Equal(250, afterPublish.Redemption().Long("pointsSpent"));
        Assert.Equal(550, await _app.PointsAsync(token));
        Assert.Equal(2, (await _app.StockAsync(rewardId)).Long("stockLeft"));
        var versions = await _app.App.AdminAsync("query($r: ID!) { redemptions(filter: {rewardId: $r}) { edges { node { rewardVersionId } } } }", new { r = rewardId });
        Assert.Equal(2, versions.Data!["redemptions"]!["edges"]!.AsArray().Select(e => e!["node"]!.Str("rewardVersionId")).Distinct().Count());
    }
}
