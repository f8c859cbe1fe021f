using System.Text.Json.Nodes;

namespace Shop.PointsMall.Tests;

/// <summary>A coupon reward with the real coupons module: points buy a coupon that lands in the member's wallet.</summary>
public sealed class CouponRewardTests : IDisposable
{
    private readonly MallApp _app = new(withCouponIssuer: false);

    public void Dispose() => _app.Dispose();

    private async Task<string> TemplateAsync(long total, params string[] channels)
    {
        var created = await _app.App.AdminAsync("mutation($i: CouponTemplateCreateInput!) { couponTemplateCreate(input: $i) { item { id } errors { message } } }", new
        {
            i = new
            {
                title = "积分换券 满100减20",
                rules = new
                {
                    kind = "thresholdMinus", thresholdFen = 100_00, discountFen = 20_00, percentOff = 0, maxDiscountFen = 0,
                    scope = new { kind = "all", categoryIds = Array.Empty<string>(), skus = Array.Empty<string>(), excludedCategoryIds = Array.Empty<string>(), excludedSkus = Array.Empty<string>() },
                    stacking = new { withOtherCoupons = false, withPoints = true },
                },
                validity = new { mode = "relative", days = 30, startNextDay = false },
                totalQuantity = total, perMemberLimit = 0, tierMinimum = 0, spendGiftMinimumFen = 0, tierUpgradeLevel = 0, channels,
            },
        });
        var id = created.Data!["couponTemplateCreate"]!["item"]!["id"]!.GetValue<string>();
        await _app.App.AdminAsync("mutation($id: ID!) { couponTemplatePublish(input: {id: $id}) { errors { code } } }", new { id });
        return id;
    }

    private Task<string> RewardAsync(string templateId) => _app.PublishRewardAsync("20元券", r =>
    {
        r["kind"] = "coupon";
        r["couponTemplateId"] = templateId;
        r["pointsPrice"] = 300;
        r["initialStock"] = 5;
    });

    private async Task<JsonArray> WalletAsync(string token) =>
        (await _app.App.StorefrontAsync("{ me { coupons { edges { node { id channel status template { id } } } } } }", token: token))
            .Data!["me"]!["coupons"]!["edges"]!.AsArray();

    [Fact]
    public async Task Redeeming_a_coupon_reward_spends_points_and_issues_a_mall_coupon_once()
    {
        var template = await TemplateAsync(100, "mall");
        var reward = await RewardAsync(template);
        var (token, _) = await _app.MemberWithPointsAsync("13600009001", 1_000);

        var first = await _app.RedeemAsync(token, reward, "buy-1");
        var replay = await _app.RedeemAsync(token, reward, "buy-1");

        Assert.Empty(first["errors"]!.AsArray());
        Assert.Equal(first.ToJsonString(), replay.ToJsonString());
        Assert.Equal(700, await _app.PointsAsync(token));
        var coupon = Assert.Single(await WalletAsync(token))!["node"]!;
        Assert.Equal("mall", coupon["channel"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", coupon["status"]!.GetValue<string>());
        Assert.Equal(template, coupon["template"]!["id"]!.GetValue<string>());
        Assert.Empty(await _app.PointsViolationsAsync());
    }

    [Fact]
    public async Task A_template_that_cannot_issue_rolls_the_whole_redemption_back()
    {
        var template = await TemplateAsync(1, "mall");
        var reward = await RewardAsync(template);
        var (a, _) = await _app.MemberWithPointsAsync("13600009002", 1_000);
        var (b, _) = await _app.MemberWithPointsAsync("13600009003", 1_000);
        (await _app.RedeemAsync(a, reward, "a"))["errors"]!.AsArray().ToList().ForEach(e => Assert.Fail(e!.ToJsonString()));

        var refused = await _app.RedeemAsync(b, reward, "b");

        Assert.Equal("OUT_OF_STOCK", refused["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(1_000, await _app.PointsAsync(b));
        Assert.Empty(await WalletAsync(b));
        Assert.Equal(4, (await _app.StockAsync(reward))["stockLeft"]!.GetValue<long>());
        Assert.Empty(await _app.PointsViolationsAsync());
    }
}
