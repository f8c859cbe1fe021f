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

    [Fact]
    public async Task While_the_audience_index_is_down_a_replay_gets_its_first_redemption_and_a_new_one_is_not_available()
    {
        using var app = new MallApp(withAudienceGate: true);
        var rewardId = await app.PublishRewardAsync("VIP mug", r => r["audienceId"] = FakeAudienceGate.Audience);
        var (token, memberId) = await app.MemberWithPointsAsync("13991000004", 1_000);
        app.Audiences.Members[memberId] = true;
        var first = await app.RedeemAsync(token, rewardId, "outage-1");
        first.NoErrors();

        app.Audiences.IndexDown = true;
        var replay = await app.RedeemAsync(token, rewardId, "outage-1");
        var fresh = await app.RedeemAsync(token, rewardId, "outage-2");

        Assert.Equal(first.ToJsonString(), replay.ToJsonString());
        Assert.Equal(("NOT_AVAILABLE", "rewardId"), (fresh.Code(), fresh["errors"]![0]!.Str("field")));
        Assert.Contains("audience", fresh["errors"]![0]!.Str("message"));
        Assert.Null(fresh["redemption"]);
        Assert.Equal(900, await app.PointsAsync(token));
        Assert.Equal(9, (await app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task While_the_audience_index_is_down_the_mall_lists_audience_rewards_as_not_available()
    {
        using var app = new MallApp(withAudienceGate: true);
        var vip = await app.PublishRewardAsync("VIP lamp", r => r["audienceId"] = FakeAudienceGate.Audience);
        await app.PublishRewardAsync("Open lamp");
        var (token, memberId) = await app.MemberWithPointsAsync("13991000005", 1_000);
        app.Audiences.Members[memberId] = true;
        app.Audiences.IndexDown = true;

        var list = await app.App.StorefrontAsync("{ rewards { totalCount edges { node { title canRedeem reason } } } }", token: token);
        var single = await app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { canRedeem reason } }", new { id = vip }, token);

        Assert.True(list.Errors is null, list.ToString());
        var standing = list.Data!["rewards"]!["edges"]!.AsArray().ToDictionary(e => e!["node"]!.Str("title"),
            e => (e!["node"]!["canRedeem"]!.GetValue<bool>(), e["node"]!["reason"]?.GetValue<string>()));
        Assert.Equal((false, "NOT_AVAILABLE"), standing["VIP lamp"]);
        Assert.Equal((true, null), standing["Open lamp"]);
        Assert.True(single.Errors is null, single.ToString());
        Assert.Equal("NOT_AVAILABLE", single.Data!["reward"]!.Str("reason"));
    }
}
