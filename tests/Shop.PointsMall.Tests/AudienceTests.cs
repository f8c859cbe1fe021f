namespace Shop.PointsMall.Tests;

/// <summary>With an audiences module, an audience reward is for its members only.</summary>
public class AudienceTests
{
    [Fact]
    public async Task Only_members_of_the_audience_may_redeem()
    {
        using var app = new MallApp(withAudienceGate: true);
        var rewardId = await app.PublishRewardAsync("VIP flask", r => r["audienceId"] = FakeAudienceGate.Audience);
        var (insider, insiderId) = await app.MemberWithPointsAsync("13991000001", 1_000);
        var (outsider, _) = await app.MemberWithPointsAsync("13991000002", 1_000);
        app.Audiences.Members[insiderId] = true;

        var preview = await app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { audienceRestricted canRedeem reason } }", new { id = rewardId }, outsider);
        var outside = await app.RedeemAsync(outsider, rewardId, "vip-1");
        var inside = await app.RedeemAsync(insider, rewardId, "vip-2");

        Assert.True(preview.Data!["reward"]!["audienceRestricted"]!.GetValue<bool>());
        Assert.Equal("NOT_ELIGIBLE", preview.Data["reward"]!.Str("reason"));
        Assert.Equal("NOT_ELIGIBLE", outside.Code());
        inside.NoErrors();
    }

    [Fact]
    public async Task Without_a_coupons_module_coupon_rewards_are_not_available()
    {
        using var app = new MallApp(withCouponIssuer: false);
        var rewardId = await app.PublishRewardAsync("Orphan coupon", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var (token, _) = await app.MemberWithPointsAsync("13991000003", 1_000);

        Assert.Equal("NOT_AVAILABLE", (await app.RedeemAsync(token, rewardId, "orphan-1")).Code());
        Assert.Equal(1_000, await app.PointsAsync(token));
    }
}
