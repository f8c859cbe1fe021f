using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.PointsMall.Services;

namespace Shop.PointsMall.Tests;

/// <summary>The storefront's mall: filters, paging, stock and the signed-in member's canRedeem/reason.</summary>
public class CatalogueTests : IDisposable
{
    private readonly MallApp _app = new();

    private const string Query =
        "query($f: RewardFilter, $first: Int, $after: String) { rewards(filter: $f, first: $first, after: $after) { totalCount " +
        "pageInfo { hasNextPage endCursor } edges { cursor node { id title kind category pointsPrice cashFen stockLeft perMemberLimit canRedeem reason } } } }";

    private async Task<JsonNode> RewardsAsync(object? filter = null, int? first = null, string? after = null, string? token = null)
    {
        var response = await _app.App.StorefrontAsync(Query, new { f = filter, first, after }, token);
        return response.Data?["rewards"] ?? throw new InvalidOperationException(response.ToString());
    }

    private static List<string> Titles(JsonNode connection) => connection["edges"]!.AsArray().Select(e => e!["node"]!.Str("title")).ToList();

    [Fact]
    public async Task Points_past_their_expiry_do_not_make_a_reward_redeemable_before_the_expiry_task_runs()
    {
        var rewardId = await _app.PublishRewardAsync("Year-old points flask");
        var (token, _) = await _app.MemberWithPointsAsync("13900000071", 1_000);
        _app.Clock.SetUtcNow(_app.Clock.GetUtcNow().AddDays(367)); // the default programme's points last 365 days

        var preview = await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { canRedeem reason } }", new { id = rewardId }, token);
        var redeem = await _app.RedeemAsync(token, rewardId, "year-old-1");

        Assert.Equal((false, "INSUFFICIENT_POINTS"), (preview.Data!["reward"]!["canRedeem"]!.GetValue<bool>(), preview.Data["reward"]!.Str("reason")));
        Assert.Equal("INSUFFICIENT_POINTS", redeem.Code());
    }

    [Fact]
    public async Task Only_published_rewards_in_their_window_are_listed_newest_first()
    {
        await _app.PublishRewardAsync("Alpha");
        await _app.CreateRewardAsync(MallApp.Reward("Draft only"));
        await _app.PublishRewardAsync("Not yet", r => r["availableFrom"] = "2026-12-01T00:00:00+08:00");
        await _app.PublishRewardAsync("Over", r => r["availableUntil"] = "2026-11-01T00:00:00+08:00");
        var archived = await _app.PublishRewardAsync("Archived");
        await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = archived });
        await _app.PublishRewardAsync("Beta");

        var all = await RewardsAsync();

        Assert.Equal(["Beta", "Alpha"], Titles(all));
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
        var notYet = await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { title } }", new { id = archived });
        Assert.Null(notYet.Data!["reward"]);
    }

    [Fact]
    public async Task Search_uses_the_index_with_cjk_bigrams_and_combines_with_category_and_max_points()
    {
        await _app.PublishRewardAsync("Steel FLASK", r => { r["category"] = "home"; r["pointsPrice"] = 500; });
        await _app.PublishRewardAsync("保温杯", r => { r["description"] = "A flask for tea, 100% steel_ware"; r["category"] = "home"; r["pointsPrice"] = 1_500; });
        var earbuds = await _app.PublishRewardAsync("Earbuds", r => { r["category"] = "digital"; r["pointsPrice"] = 800; r["description"] = "无线蓝牙耳机"; });
        Assert.Empty(Titles(await RewardsAsync(new { search = "flask" })));
        await _app.DrainIndexAsync();

        Assert.Equal(["保温杯", "Steel FLASK"], Titles(await RewardsAsync(new { search = "flask" })));
        Assert.Equal(["Earbuds"], Titles(await RewardsAsync(new { search = "蓝牙耳机" })));
        Assert.Equal(["Earbuds"], Titles(await RewardsAsync(new { search = "EARBUDS" })));
        Assert.Equal(["保温杯"], Titles(await RewardsAsync(new { search = "保温" })));
        Assert.Equal(["保温杯"], Titles(await RewardsAsync(new { search = "100%" })));
        Assert.Empty(Titles(await RewardsAsync(new { search = "1000%" })));
        Assert.Equal(["保温杯", "Steel FLASK"], Titles(await RewardsAsync(new { category = "home" })));
        Assert.Equal(["Earbuds", "Steel FLASK"], Titles(await RewardsAsync(new { maxPoints = 800 })));
        var combined = await RewardsAsync(new { search = "flask", category = "home", maxPoints = 1_000 });
        Assert.Equal(["Steel FLASK"], Titles(combined));
        Assert.Equal(1, combined["totalCount"]!.GetValue<int>());

        await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = earbuds });
        await _app.DrainIndexAsync();
        Assert.Empty(Titles(await RewardsAsync(new { search = "蓝牙耳机" })));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_with_a_total_count()
    {
        foreach (var n in Enumerable.Range(1, 5)) await _app.PublishRewardAsync($"Paged {n}");

        var first = await RewardsAsync(first: 2);
        var second = await RewardsAsync(first: 2, after: first["pageInfo"]!.Str("endCursor"));
        var third = await RewardsAsync(first: 2, after: second["pageInfo"]!.Str("endCursor"));

        Assert.Equal(["Paged 5", "Paged 4"], Titles(first));
        Assert.Equal(["Paged 3", "Paged 2"], Titles(second));
        Assert.Equal(["Paged 1"], Titles(third));
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(third["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.All(new[] { first, second, third }, c => Assert.Equal(5, c["totalCount"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Can_redeem_and_reason_preview_what_redeeming_would_answer()
    {
        var cheap = await _app.PublishRewardAsync("Cheap", r => { r["pointsPrice"] = 100; r["perMemberLimit"] = 1; });
        var dear = await _app.PublishRewardAsync("Dear", r => r["pointsPrice"] = 1_000);
        var empty = await _app.PublishRewardAsync("Empty", r => r["initialStock"] = 0);
        var gold = await _app.PublishRewardAsync("Gold only", r => r["minTierLevel"] = 3);
        var (token, _) = await _app.MemberWithPointsAsync("13990000001", 500);

        var anonymous = await RewardsAsync();
        var before = await RewardsAsync(token: token);
        (await _app.RedeemAsync(token, cheap, "preview-1")).NoErrors();
        var after = await RewardsAsync(token: token);
        var single = await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { title stockLeft canRedeem reason } }", new { id = dear }, token);

        static Dictionary<string, (bool, string?)> Standing(JsonNode c) => c["edges"]!.AsArray().ToDictionary(
            e => e!["node"]!.Str("title"), e => (e!["node"]!["canRedeem"]!.GetValue<bool>(), e["node"]!["reason"]?.GetValue<string>()));
        Assert.All(Standing(anonymous).Values, s => Assert.Equal((false, "UNAUTHENTICATED"), s));
        Assert.Equal((true, null), Standing(before)["Cheap"]);
        Assert.Equal((false, "INSUFFICIENT_POINTS"), Standing(before)["Dear"]);
        Assert.Equal((false, "OUT_OF_STOCK"), Standing(before)["Empty"]);
        Assert.Equal((false, "NOT_ELIGIBLE"), Standing(before)["Gold only"]);
        Assert.Equal((false, "LIMIT_REACHED"), Standing(after)["Cheap"]);
        var node = single.Data!["reward"]!;
        Assert.Equal(("Dear", false, "INSUFFICIENT_POINTS"), (node.Str("title"), node["canRedeem"]!.GetValue<bool>(), node.Str("reason")));
        Assert.Equal(9, after["edges"]!.AsArray().Single(e => e!["node"]!.Str("title") == "Cheap")!["node"]!.Long("stockLeft"));
    }

    [Fact]
    public async Task A_virtual_reward_previews_out_of_stock_when_its_code_pool_is_empty_as_redeeming_answers()
    {
        var card = await _app.PublishRewardAsync("Gift card", r => r["kind"] = "virtual");
        var stocked = await _app.PublishRewardAsync("Stocked card", r => r["kind"] = "virtual");
        (await _app.UploadCodesAsync(stocked, "S-1", "S-2")).NoErrors();
        var (token, _) = await _app.MemberWithPointsAsync("13990000011", 1_000);
        var (poor, _) = await _app.MemberWithPointsAsync("13990000012", 10);

        static (bool, string?) Standing(JsonNode c, string title) => c["edges"]!.AsArray().Select(e => e!["node"]!).Where(n => n.Str("title") == title)
            .Select(n => (n["canRedeem"]!.GetValue<bool>(), n["reason"]?.GetValue<string>())).Single();
        var empty = await RewardsAsync(token: token);
        var emptyRedeemed = await _app.RedeemAsync(token, card, "card-0");
        var poorRedeemed = await _app.RedeemAsync(poor, card, "card-poor");
        (await _app.UploadCodesAsync(card, "G-1")).NoErrors();
        var oneCode = await RewardsAsync(token: token);
        (await _app.RedeemAsync(token, card, "card-1")).NoErrors();
        var usedUp = await RewardsAsync(token: token);
        var usedUpRedeemed = await _app.RedeemAsync(token, card, "card-2");
        var single = (await _app.App.StorefrontAsync("query($id: ID!) { reward(id: $id) { canRedeem reason } }", new { id = card }, token)).Data!["reward"]!;

        Assert.Equal((false, "OUT_OF_STOCK"), Standing(empty, "Gift card"));
        Assert.Equal("OUT_OF_STOCK", emptyRedeemed.Code());
        // Redeeming says "none left" before "your points", as the preview does.
        Assert.Equal("OUT_OF_STOCK", poorRedeemed.Code());
        Assert.Equal((true, null), Standing(empty, "Stocked card"));
        Assert.Equal((true, null), Standing(oneCode, "Gift card"));
        Assert.Equal((false, "OUT_OF_STOCK"), Standing(usedUp, "Gift card"));
        Assert.Equal("OUT_OF_STOCK", usedUpRedeemed.Code());
        Assert.Equal((false, "OUT_OF_STOCK"), (single["canRedeem"]!.GetValue<bool>(), single["reason"]?.GetValue<string>()));
        Assert.Equal(900, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task Without_a_coupon_issuer_a_coupon_reward_previews_not_available_as_redeeming_answers()
    {
        var coupon = await _app.PublishRewardAsync("Issuerless coupon", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var (token, memberId) = await _app.MemberWithPointsAsync("13990000013", 1_000);
        await using var scope = _app.App.Services.CreateAsyncScope();
        var withoutIssuer = new WithoutCouponIssuer(scope.ServiceProvider);
        var view = (await scope.ServiceProvider.GetRequiredService<RewardBrowser>().GetAsync(coupon))!;

        var standing = (await ActivatorUtilities.CreateInstance<RewardStanding>(scope.ServiceProvider, withoutIssuer).ForAsync(memberId, [view]))[view];
        var redeemed = await ActivatorUtilities.CreateInstance<RedemptionService>(scope.ServiceProvider, withoutIssuer).RedeemAsync(memberId, coupon, 1, "issuerless-1");

        Assert.Equal(new Standing(false, "NOT_AVAILABLE"), standing);
        Assert.Equal("NOT_AVAILABLE", Assert.Single(redeemed.Errors).Code);
        Assert.Equal(1_000, await _app.PointsAsync(token));
    }

    /// <summary>The app's services as a host where nothing provides a coupon issuer.</summary>
    private sealed class WithoutCouponIssuer(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ICouponIssuer) ? null : inner.GetService(serviceType);
    }

    [Fact]
    public async Task Members_page_through_their_own_redemptions_and_staff_filter_them()
    {
        var flask = await _app.PublishRewardAsync("Listed flask");
        var card = await _app.PublishRewardAsync("Listed card", r => { r["kind"] = "coupon"; r["couponTemplateId"] = FakeCouponIssuer.Template; });
        var (token, memberId) = await _app.MemberWithPointsAsync("13990000002", 10_000);
        var (otherToken, _) = await _app.MemberWithPointsAsync("13990000003", 10_000);
        foreach (var n in Enumerable.Range(1, 3)) (await _app.RedeemAsync(token, flask, $"mine-{n}")).NoErrors();
        (await _app.RedeemAsync(token, card, "mine-card")).NoErrors();
        (await _app.RedeemAsync(otherToken, flask, "theirs")).NoErrors();

        var page1 = await _app.App.StorefrontAsync("{ me { redemptions(first: 3) { totalCount pageInfo { endCursor hasNextPage } edges { node { rewardTitle status } } } } }", token: token);
        var connection = page1.Data!["me"]!["redemptions"]!;
        var page2 = await _app.App.StorefrontAsync("query($a: String) { me { redemptions(first: 3, after: $a) { edges { node { rewardTitle } } } } }",
            new { a = connection["pageInfo"]!.Str("endCursor") }, token);
        var byStatus = await _app.App.AdminAsync("query($m: ID) { redemptions(filter: {memberId: $m, status: \"pending\"}) { totalCount edges { node { memberId memberDisplayName } } } }", new { m = memberId });
        var byReward = await _app.App.AdminAsync("query($r: ID) { redemptions(filter: {rewardId: $r}) { totalCount } }", new { r = flask });
        var viaMember = await _app.App.AdminAsync("query($m: ID!) { member(id: $m) { redemptions { totalCount } } }", new { m = memberId });
        var badStatus = await _app.App.AdminAsync("{ redemptions(filter: {status: \"lost\"}) { totalCount } }");

        Assert.Equal(4, connection["totalCount"]!.GetValue<int>());
        Assert.Equal(["Listed card", "Listed flask", "Listed flask"], connection["edges"]!.AsArray().Select(e => e!["node"]!.Str("rewardTitle")));
        Assert.True(connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Single(page2.Data!["me"]!["redemptions"]!["edges"]!.AsArray());
        Assert.Equal(3, byStatus.Data!["redemptions"]!["totalCount"]!.GetValue<int>());
        Assert.All(byStatus.Data["redemptions"]!["edges"]!.AsArray(), e => Assert.Equal("会员0002", e!["node"]!.Str("memberDisplayName")));
        Assert.Equal(4, byReward.Data!["redemptions"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(4, viaMember.Data!["member"]!["redemptions"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("VALIDATION", badStatus.FirstErrorCode);
    }

    public void Dispose() => _app.Dispose();
}
