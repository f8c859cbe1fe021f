using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Models;
using Shop.Coupons.Services;

namespace Shop.Coupons.Tests;

/// <summary><c>checkoutQuote</c> through GraphQL: the member's tier, coupons and points priced together.</summary>
public sealed class CheckoutQuoteTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Quote =
        "query($i: CheckoutQuoteInput!) { checkoutQuote(input: $i) { quote { subtotalFen discountFen pointsUsed pointsDeductionFen maxPointsUsable shippingFen " +
        "goodsFen totalFen pointsToEarn appliedCouponIds discounts { source couponId label goodsFen shippingFen } " +
        "coupons { couponId applied applicable reason discountFen } lines { lineId amountFen tierDiscountFen couponDiscountFen pointsDeductionFen payFen } } " +
        "errors { code field } } }";

    private async Task<JsonNode> QuoteAsync(string? token, object input)
    {
        var response = await _app.App.StorefrontAsync(Quote, new { i = input }, token);
        return response.Data?["checkoutQuote"] ?? throw new InvalidOperationException(response.ToString());
    }

    private static object Input(long[] amounts, long shipping = 0, string[]? couponIds = null, long points = 0) => new
    {
        lines = amounts.Select((a, i) => new { lineId = $"l{i}", sku = $"SKU-{i}", categoryIds = new[] { "c" }, quantity = 1, amountFen = a }),
        shippingFeeFen = shipping,
        couponIds,
        pointsToUse = points,
    };

    private async Task<(string Token, string MemberId)> MemberWithPointsAsync(long points)
    {
        var (token, memberId) = await _app.MemberAsync();
        if (points > 0)
            (await _app.App.AdminAsync("mutation($m: ID!, $p: Long!) { pointsAdjust(input: {memberId: $m, points: $p, reason: \"t\", idempotencyKey: \"credit\"}) { errors { code } } }",
                new { m = memberId, p = points })).Data!["pointsAdjust"]!.NoErrors();
        return (token, memberId);
    }

    [Fact]
    public async Task A_coupon_the_member_names_is_found_beyond_the_first_200_of_the_wallet()
    {
        var soon = await _app.PublishTemplateAsync(CouponsApp.Template("soon", t => t["perMemberLimit"] = 0));
        var later = await _app.PublishTemplateAsync(CouponsApp.Template("later", t => t["validity"]!["days"] = 30));
        var (token, memberId) = await _app.MemberAsync();
        using (var scope = _app.App.Services.CreateScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<ICouponIssuer>();
            for (var i = 0; i < 200; i++)
                Assert.True((await issuer.IssueAsync(new CouponIssue(soon, memberId, CouponChannels.Claim, $"soon-{i}"))).Succeeded);
        }
        var named = (await _app.ClaimAsync(token, later, "later"))["coupon"]!.Str("id");

        var quote = await QuoteAsync(token, Input([150_00], couponIds: [named]));

        quote.NoErrors();
        Assert.Equal(new[] { named }, quote["quote"]!["appliedCouponIds"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task Best_for_me_picks_the_larger_saving_and_explains_the_rest()
    {
        var small = await _app.PublishTemplateAsync(CouponsApp.Template("满100减10"));
        var big = await _app.PublishTemplateAsync(CouponsApp.Template("满200减30", t => { t["rules"]!["thresholdFen"] = 200_00; t["rules"]!["discountFen"] = 30_00; }));
        var far = await _app.PublishTemplateAsync(CouponsApp.Template("满500减80", t => { t["rules"]!["thresholdFen"] = 500_00; t["rules"]!["discountFen"] = 80_00; }));
        var (token, _) = await _app.MemberAsync();
        var ids = new Dictionary<string, string>();
        foreach (var t in new[] { small, big, far }) ids[t] = (await _app.ClaimAsync(token, t, t))["coupon"]!.Str("id");

        var quote = (await QuoteAsync(token, Input([150_00, 100_00], shipping: 10_00)))["quote"]!;

        Assert.Equal(250_00, quote.Long("subtotalFen"));
        Assert.Equal(new[] { ids[big] }, quote["appliedCouponIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(30_00, quote.Long("discountFen"));
        Assert.Equal(230_00, quote.Long("totalFen"));
        var fits = quote["coupons"]!.AsArray().ToDictionary(c => c!.Str("couponId"));
        Assert.True(fits[ids[small]]!["applicable"]!.GetValue<bool>());
        Assert.False(fits[ids[small]]!["applied"]!.GetValue<bool>());
        Assert.Equal(10_00, fits[ids[small]]!.Long("discountFen"));
        Assert.Equal("BELOW_THRESHOLD", fits[ids[far]]!.Str("reason"));
        var lines = quote["lines"]!.AsArray();
        Assert.Equal(new[] { 132_00L, 88_00L }, lines.Select(l => l!.Long("payFen")));
    }

    [Fact]
    public async Task Explicit_coupons_points_and_earnings_price_in_the_documented_order()
    {
        var (token, _) = await MemberWithPointsAsync(20_000);
        var minus = await _app.PublishTemplateAsync(CouponsApp.Template());
        var couponId = (await _app.ClaimAsync(token, minus, "k"))["coupon"]!.Str("id");

        var result = await QuoteAsync(token, Input([120_00], shipping: 8_00, couponIds: [couponId], points: 5_000));

        Assert.Empty(result["errors"]!.AsArray());
        var quote = result["quote"]!;
        Assert.Equal(10_00, quote.Long("discountFen"));
        Assert.Equal(5_000, quote.Long("pointsUsed"));
        Assert.Equal(50_00, quote.Long("pointsDeductionFen"));
        Assert.Equal(5_500, quote.Long("maxPointsUsable"));
        Assert.Equal(8_00, quote.Long("shippingFen"));
        Assert.Equal(60_00, quote.Long("goodsFen"));
        Assert.Equal(68_00, quote.Long("totalFen"));
        // Default programme: 1 point per yuan of cash paid for goods.
        Assert.Equal(60, quote.Long("pointsToEarn"));
    }

    [Fact]
    public async Task An_empty_coupon_list_applies_none_and_refused_points_are_left_out_with_an_error()
    {
        var (token, _) = await MemberWithPointsAsync(1_000);
        var minus = await _app.PublishTemplateAsync(CouponsApp.Template());
        await _app.ClaimAsync(token, minus, "k");

        var result = await QuoteAsync(token, Input([120_00], couponIds: [], points: 2_000));

        var quote = result["quote"]!;
        Assert.Empty(quote["appliedCouponIds"]!.AsArray());
        Assert.Equal(0, quote.Long("pointsUsed"));
        Assert.Equal(120_00, quote.Long("totalFen"));
        Assert.Equal("INSUFFICIENT_POINTS", result.Code());
        Assert.Equal("pointsToUse", result["errors"]![0]!.Str("field"));
    }

    [Fact]
    public async Task Points_past_their_expiry_are_not_offered_before_the_expiry_task_runs()
    {
        // The default programme's points last 365 days; the expiry task is not run here.
        var (token, _) = await MemberWithPointsAsync(1_000);
        _app.Clock.Advance(TimeSpan.FromDays(367));

        var result = await QuoteAsync(token, Input([120_00], couponIds: [], points: 1_000));

        Assert.Equal("INSUFFICIENT_POINTS", result.Code());
        Assert.Equal(0, result["quote"]!.Long("pointsUsed"));
    }

    [Fact]
    public async Task The_tier_discount_and_free_shipping_come_first()
    {
        var created = await _app.App.AdminAsync("mutation($i: TierCreateInput!) { tierCreate(input: $i) { item { id } } }", new
        {
            i = new { level = 1, name = "Gold", threshold = 0, benefits = new { discountPercent = 5, pointsMultiplierPercent = 150, freeShipping = true, upgradeGiftPoints = 0, birthdayPoints = 0 } },
        });
        await _app.App.AdminAsync("mutation($id: ID!) { tierPublish(input: {id: $id}) { errors { code } } }", new { id = created.Data!["tierCreate"]!["item"]!.Str("id") });
        var (token, _) = await _app.MemberAsync();

        var quote = (await QuoteAsync(token, Input([100_00], shipping: 12_00)))["quote"]!;

        var tier = Assert.Single(quote["discounts"]!.AsArray())!;
        Assert.Equal("tier", tier.Str("source"));
        Assert.Equal(5_00, tier.Long("goodsFen"));
        Assert.Equal(12_00, tier.Long("shippingFen"));
        Assert.Equal(95_00, quote.Long("totalFen"));
        Assert.Equal(142, quote.Long("pointsToEarn"));
    }

    [Fact]
    public async Task A_refused_coupon_error_names_its_own_place_in_couponIds()
    {
        var (token, _) = await _app.MemberAsync();
        var c1 = (await _app.ClaimAsync(token, await _app.PublishTemplateAsync(CouponsApp.Template("one")), "k1"))["coupon"]!.Str("id");
        var c2 = (await _app.ClaimAsync(token, await _app.PublishTemplateAsync(CouponsApp.Template("two")), "k2"))["coupon"]!.Str("id");

        var result = await QuoteAsync(token, Input([150_00], couponIds: ["cpn_unknown", c1, c2]));

        var errors = result["errors"]!.AsArray().Select(e => (e!.Str("code"), e!.Str("field"))).ToList();
        Assert.Equal([("NOT_FOUND", "couponIds[0]"), ("COUPON_NOT_APPLICABLE", "couponIds[2]")], errors);
        Assert.Equal(new[] { c1 }, result["quote"]!["appliedCouponIds"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task Bad_input_and_strangers_get_typed_errors_not_a_price()
    {
        var (token, _) = await _app.MemberAsync();

        Assert.Equal("UNAUTHENTICATED", (await QuoteAsync(null, Input([100]))).Code());
        var invalid = await QuoteAsync(token, new { lines = new[] { new { lineId = "a", sku = "s", quantity = 0, amountFen = -1L } }, shippingFeeFen = -5 });
        Assert.Null(invalid["quote"]);
        var fields = invalid["errors"]!.AsArray().Select(e => e!.Str("field")).ToList();
        Assert.Contains("lines[0].quantity", fields);
        Assert.Contains("lines[0].amountFen", fields);
        Assert.Contains("shippingFeeFen", fields);
        var unknown = await QuoteAsync(token, Input([100_00], couponIds: ["cpn_nope"]));
        Assert.Equal("NOT_FOUND", unknown.Code());
        Assert.Equal(100_00, unknown["quote"]!.Long("totalFen"));
    }
}
