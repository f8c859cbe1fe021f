using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Services;
using Shop.Coupons.Tasks;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;
using Shop.Testing;

namespace Shop.Coupons.Tests;

/// <summary>Coupons named on orders: reserved at placement, used at payment, returned (or expired) at cancellation.</summary>
public sealed class OrderCouponTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Placed = "mutation($i: OrderInput!) { orderPlaced(input: $i) { order { id status } errors { code field message } } }";
    private const string Paid = "mutation($i: OrderInput!) { orderPaid(input: $i) { order { id status } errors { code field } } }";
    private const string Cancelled = "mutation($i: OrderCancelInput!) { orderCancelled(input: $i) { order { id status } errors { code } } }";

    private static object Order(string orderId, string memberId, string[] couponIds, long pointsUsed = 0, DateTimeOffset? placedAt = null) => new
    {
        orderId, memberId, pointsUsed, couponIds, placedAt,
        lines = new[] { new { lineId = "l1", sku = "SKU-1", categoryIds = Array.Empty<string>(), quantity = 1, amountFen = 190_00L } },
    };

    private async Task<JsonNode> PlaceAsync(object order) => (await _app.App.AdminAsync(Placed, new { i = order })).Data!["orderPlaced"]!;

    private async Task<(string Token, string MemberId, string CouponId)> HolderAsync(Action<JsonObject>? change = null)
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: change));
        var (token, memberId) = await _app.MemberAsync();
        var claimed = await _app.ClaimAsync(token, templateId, "k");
        claimed.NoErrors();
        return (token, memberId, claimed["coupon"]!.Str("id"));
    }

    private async Task<string> StatusAsync(string token, string couponId) =>
        (await _app.MyCouponsAsync(token)).Single(c => c!.Str("id") == couponId)!.Str("status");

    [Fact]
    public async Task Placed_reserves_paid_uses()
    {
        var (token, memberId, couponId) = await HolderAsync();

        (await PlaceAsync(Order("o1", memberId, [couponId]))).NoErrors();
        Assert.Equal("RESERVED", await StatusAsync(token, couponId));
        Assert.Equal("o1", (await _app.MyCouponsAsync(token))[0]!.Str("orderId"));

        (await _app.App.AdminAsync(Paid, new { i = Order("o1", memberId, [couponId]) })).Data!["orderPaid"]!.NoErrors();
        Assert.Equal("USED", await StatusAsync(token, couponId));
        Assert.Single(await _app.MyCouponsAsync(token, "USED"));
        Assert.Empty(await _app.MyCouponsAsync(token, "AVAILABLE"));
    }

    [Fact]
    public async Task A_coupon_held_by_one_order_cannot_be_used_by_another_and_a_refused_order_holds_nothing()
    {
        var (token, memberId, couponId) = await HolderAsync();
        (await PlaceAsync(Order("o1", memberId, [couponId]))).NoErrors();

        var second = await PlaceAsync(Order("o2", memberId, [couponId]));

        Assert.Equal("NOT_AVAILABLE", second.Code());
        Assert.Equal(couponId, second["errors"]![0]!.Str("field"));
        Assert.Equal("o1", (await _app.MyCouponsAsync(token))[0]!.Str("orderId"));
        // The same order placed again is a replay, not a second hold.
        (await PlaceAsync(Order("o1", memberId, [couponId]))).NoErrors();
    }

    [Fact]
    public async Task Cancelling_returns_the_coupon_while_it_is_valid_and_expires_it_otherwise()
    {
        var (token, memberId, couponId) = await HolderAsync();
        (await PlaceAsync(Order("o1", memberId, [couponId]))).NoErrors();
        (await _app.App.AdminAsync(Cancelled, new { i = new { orderId = "o1" } })).Data!["orderCancelled"]!.NoErrors();
        Assert.Equal("AVAILABLE", await StatusAsync(token, couponId));

        (await PlaceAsync(Order("o2", memberId, [couponId]))).NoErrors();
        _app.Clock.Advance(TimeSpan.FromDays(8));
        (await _app.App.AdminAsync(Cancelled, new { i = new { orderId = "o2" } })).Data!["orderCancelled"]!.NoErrors();
        Assert.Equal("EXPIRED", await StatusAsync(token, couponId));
    }

    [Fact]
    public async Task Expired_unknown_and_foreign_coupons_refuse_the_order()
    {
        var (_, memberId, couponId) = await HolderAsync();
        var (_, otherId, otherCoupon) = await HolderAsync();

        Assert.Equal("NOT_FOUND", (await PlaceAsync(Order("o1", memberId, [otherCoupon]))).Code());
        Assert.Equal("NOT_FOUND", (await PlaceAsync(Order("o2", memberId, ["cpn_nope"]))).Code());
        _app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal("EXPIRED", (await PlaceAsync(Order("o3", memberId, [couponId]))).Code());
        Assert.NotNull(otherId);
    }

    [Fact]
    public async Task A_late_order_gets_the_same_answer_whether_or_not_the_expiry_task_has_run()
    {
        var (token, memberId, couponId) = await HolderAsync();
        var (_, otherId, otherCoupon) = await HolderAsync();
        // Both coupons were valid when the orders were placed, a day after the claim, and have
        // expired (7 days) by the time the orders are reported.
        var placedAt = CouponsApp.Start.AddDays(1);
        _app.Clock.Advance(TimeSpan.FromDays(8));

        var beforeTask = await PlaceAsync(Order("late-1", memberId, [couponId], placedAt: placedAt));
        using (var scope = _app.App.Services.CreateScope())
            await new CouponExpiryTask().RunAsync(scope.ServiceProvider, CancellationToken.None);
        var afterTask = await PlaceAsync(Order("late-2", otherId, [otherCoupon], placedAt: placedAt));

        Assert.Equal("EXPIRED", beforeTask.Code());
        Assert.Equal("EXPIRED", afterTask.Code());
        Assert.Equal("EXPIRED", await StatusAsync(token, couponId));
    }

    [Fact]
    public async Task A_coupon_covering_none_of_the_orders_lines_refuses_it_as_checkout_does()
    {
        // SKU-1 is the order's only line: in scope for the first coupon, excluded by the second.
        var (token, memberId, covering) = await HolderAsync(t => t["rules"]!["stacking"]!["withOtherCoupons"] = true);
        var other = await _app.PublishTemplateAsync(CouponsApp.Template("skus", t =>
        {
            t["rules"]!["scope"]!["kind"] = "skus";
            t["rules"]!["scope"]!["skus"] = new JsonArray("SKU-1", "SKU-2");
            t["rules"]!["scope"]!["excludedSkus"] = new JsonArray("SKU-1");
            t["rules"]!["stacking"]!["withOtherCoupons"] = true;
        }));
        var outside = (await _app.ClaimAsync(token, other, "k2"))["coupon"]!.Str("id");

        var refused = await PlaceAsync(Order("o1", memberId, [covering, outside]));
        var paid = (await _app.App.AdminAsync(Paid, new { i = Order("o2", memberId, [outside]) })).Data!["orderPaid"]!;

        Assert.Equal("NOT_IN_SCOPE", refused.Code());
        Assert.Equal("couponIds[1]", refused["errors"]![0]!.Str("field"));
        Assert.Equal("NOT_IN_SCOPE", paid.Code());
        Assert.Equal("couponIds[0]", paid["errors"]![0]!.Str("field"));
        Assert.Equal(2, (await _app.MyCouponsAsync(token, "AVAILABLE")).Count);
        (await PlaceAsync(Order("o3", memberId, [covering]))).NoErrors();
    }

    /// <summary>
    /// orderPaid for an order never placed reserves and uses its coupons in one step, the order
    /// arriving already paid: its coupons are judged at paidAt, so a payment on the coupon's last
    /// evening reported after midnight still stands, whether or not the expiry task has run, and a
    /// payment after the coupon's end is refused as before.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_order_paid_while_its_coupon_was_valid_and_reported_after_it_expired_keeps_the_coupon(bool expiryTaskRan)
    {
        var (token, memberId, couponId) = await HolderAsync();
        var validUntil = DateTimeOffset.Parse((await _app.MyCouponsAsync(token))[0]!.Str("validUntil"));
        _app.Clock.SetUtcNow(validUntil.AddHours(2));
        if (expiryTaskRan)
            using (var scope = _app.App.Services.CreateScope())
                await new CouponExpiryTask().RunAsync(scope.ServiceProvider, CancellationToken.None);

        var after = await PayAsync(memberId, "paid-after", couponId, paidAt: validUntil.AddHours(1));
        var late = await PayAsync(memberId, "paid-late", couponId, paidAt: validUntil.AddHours(-1));

        Assert.Equal("EXPIRED", after.Code());
        Assert.True(late["errors"]!.AsArray().Count == 0, late.ToJsonString());
        Assert.Equal("paid", late["order"]!.Str("status"));
        Assert.Equal("USED", await StatusAsync(token, couponId));
    }

    /// <summary>orderPaid for an order whose orderPlaced never came: it is placed and paid in one step.</summary>
    private async Task<JsonNode> PayAsync(string memberId, string orderId, string couponId, DateTimeOffset paidAt) =>
        (await _app.App.AdminAsync(Paid, new { i = new
        {
            orderId, memberId, couponIds = new[] { couponId }, paidAt,
            lines = new[] { new { lineId = "l1", sku = "SKU-1", categoryIds = Array.Empty<string>(), quantity = 1, amountFen = 190_00L } },
        } })).Data!["orderPaid"]!;

    [Fact]
    public async Task Stacking_rules_hold_at_placement()
    {
        var (token, memberId, a) = await HolderAsync();
        var second = await _app.PublishTemplateAsync(CouponsApp.Template("second"));
        var b = (await _app.ClaimAsync(token, second, "k2"))["coupon"]!.Str("id");
        var noPoints = await _app.PublishTemplateAsync(CouponsApp.Template("no points", t => t["rules"]!["stacking"]!["withPoints"] = false));
        var c = (await _app.ClaimAsync(token, noPoints, "k3"))["coupon"]!.Str("id");

        (await _app.App.AdminAsync("mutation($m: ID!) { pointsAdjust(input: {memberId: $m, points: 1000, reason: \"t\", idempotencyKey: \"p\"}) { errors { code } } }",
            new { m = memberId })).Data!["pointsAdjust"]!.NoErrors();

        Assert.Equal("COUPONS_NOT_STACKABLE", (await PlaceAsync(Order("o1", memberId, [a, b]))).Code());
        Assert.Equal("COUPON_NOT_WITH_POINTS", (await PlaceAsync(Order("o2", memberId, [c], pointsUsed: 100))).Code());
        Assert.Equal(3, (await _app.MyCouponsAsync(token, "AVAILABLE")).Count);
    }
}
