using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Models;
using Shop.Coupons.Services;
using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Members.Models;
using Shop.Tiers.Services;

namespace Shop.Coupons.Tests;

/// <summary>Coupons issued by the engine itself: on registration, on spending, on upgrading, and pushed by staff.</summary>
public sealed class GiftTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Action<JsonObject> Channel(string channel, Action<JsonObject>? more = null) => t =>
    {
        t["channels"] = new JsonArray(channel);
        t["perMemberLimit"] = 0;
        more?.Invoke(t);
    };

    [Fact]
    public async Task A_new_member_gets_the_welcome_coupon_once()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("welcome", Channel("registration")));

        var (token, _) = await _app.MemberAsync();

        var coupon = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal(templateId, coupon["template"]!.Str("id"));
        Assert.Equal("registration", coupon.Str("channel"));
    }

    [Fact]
    public async Task An_order_paying_enough_earns_the_spend_gift_once()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("spend gift", Channel("spend", t => t["spendGiftMinimumFen"] = 300_00)));
        var (token, memberId) = await _app.MemberAsync();
        const string paid = "mutation($i: OrderInput!) { orderPaid(input: $i) { errors { code } } }";
        object Order(string id, long fen) => new { orderId = id, memberId, lines = new[] { new { lineId = "l", sku = "s", quantity = 1, amountFen = fen } } };

        (await _app.App.AdminAsync(paid, new { i = Order("small", 299_99) })).Data!["orderPaid"]!.NoErrors();
        Assert.Empty(await _app.MyCouponsAsync(token));

        (await _app.App.AdminAsync(paid, new { i = Order("big", 300_00) })).Data!["orderPaid"]!.NoErrors();
        (await _app.App.AdminAsync(paid, new { i = Order("big", 300_00) })).Data!["orderPaid"]!.NoErrors();
        var coupon = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal(templateId, coupon["template"]!.Str("id"));
        Assert.Equal("spend", coupon.Str("channel"));
    }

    private const string PaidMutation = "mutation($i: OrderInput!) { orderPaid(input: $i) { errors { code } } }";
    private const string RefundedMutation = "mutation($i: OrderRefundInput!) { orderRefunded(input: $i) { errors { code } } }";

    private async Task<(string Token, string MemberId)> SpendGiftHolderAsync(string orderId)
    {
        await _app.PublishTemplateAsync(CouponsApp.Template("spend gift", Channel("spend", t => t["spendGiftMinimumFen"] = 300_00)));
        var (token, memberId) = await _app.MemberAsync();
        (await _app.App.AdminAsync(PaidMutation, new { i = SpendOrder(orderId, memberId) })).Data!["orderPaid"]!.NoErrors();
        Assert.Equal("AVAILABLE", Assert.Single(await _app.MyCouponsAsync(token))!.Str("status"));
        return (token, memberId);
    }

    /// <summary>A paid order of 400 yuan over two lines.</summary>
    private static object SpendOrder(string orderId, string memberId, string[]? couponIds = null) => new
    {
        orderId, memberId, couponIds,
        lines = new[] { new { lineId = "a", sku = "s", quantity = 1, amountFen = 250_00L }, new { lineId = "b", sku = "s", quantity = 1, amountFen = 150_00L } },
    };

    private async Task RefundAsync(string orderId, string refundId, string lineId, long fen) =>
        (await _app.App.AdminAsync(RefundedMutation, new { i = new { orderId, refundId, lines = new[] { new { lineId, quantity = 0, amountFen = fen } } } }))
            .Data!["orderRefunded"]!.NoErrors();

    [Fact]
    public async Task Refunds_taking_the_order_below_the_spend_gifts_minimum_void_the_gift_once()
    {
        var (token, _) = await SpendGiftHolderAsync("big");

        await RefundAsync("big", "r1", "a", 50_00); // 350 yuan left: the gift stands
        var afterFirst = Assert.Single(await _app.MyCouponsAsync(token))!.Str("status");
        await RefundAsync("big", "r2", "b", 60_00); // 290 yuan left, counting r1
        await RefundAsync("big", "r2", "b", 60_00); // the commerce system's retry
        await RefundAsync("big", "r3", "a", 10_00);

        Assert.Equal("AVAILABLE", afterFirst);
        var gift = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal("VOIDED", gift.Str("status"));
        using var scope = _app.App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CouponStore>().GetAsync(gift.Str("id"));
        Assert.Contains("r2", stored!.VoidReason);
    }

    [Fact]
    public async Task A_spend_gift_already_used_stays_used_when_its_order_is_refunded()
    {
        var (token, memberId) = await SpendGiftHolderAsync("big");
        var giftId = (await _app.MyCouponsAsync(token))[0]!.Str("id");
        (await _app.App.AdminAsync(PaidMutation, new { i = SpendOrder("next", memberId, [giftId]) })).Data!["orderPaid"]!.NoErrors();

        await RefundAsync("big", "r1", "a", 250_00);

        Assert.Equal("USED", (await _app.MyCouponsAsync(token)).Single(c => c!.Str("id") == giftId)!.Str("status"));
    }

    [Fact]
    public async Task A_refund_handled_before_the_spend_gift_was_issued_waits_for_it_then_voids_it()
    {
        await _app.PublishTemplateAsync(CouponsApp.Template("spend gift", Channel("spend", t => t["spendGiftMinimumFen"] = 300_00)));
        var (token, memberId) = await _app.MemberAsync();
        Order Paid(long paidAt) => new()
        {
            OrderId = $"o-{paidAt}", MemberId = memberId, Status = OrderStatuses.Paid, PlacedAt = paidAt, PaidAt = paidAt,
            Lines = [new OrderLine("a", "s", [], 1, 400_00)],
        };
        var order = Paid(_app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        var refunded = new OrderRefunded(order, new OrderRefund { RefundId = "r1", OrderId = order.OrderId, MemberId = memberId, Lines = [new RefundLine("a", 1, 200_00)] },
            new Dictionary<string, long>());

        var early = await Record.ExceptionAsync(() => DeliverAsync<SpendCouponGiftRefund, OrderRefunded>(refunded));
        await DeliverAsync<SpendCouponGift, OrderPaid>(new OrderPaid(order));
        await DeliverAsync<SpendCouponGiftRefund, OrderRefunded>(refunded); // the outbox's retry
        await DeliverAsync<SpendCouponGift, OrderPaid>(new OrderPaid(order)); // at least once: either may run again
        await DeliverAsync<SpendCouponGiftRefund, OrderRefunded>(refunded);
        // An order paid before the gift existed, refunded after OrderRefunded.WaitForEarn: nothing to wait for.
        var old = Paid(_app.Clock.GetUtcNow().AddDays(-8).ToUnixTimeMilliseconds());
        var late = await Record.ExceptionAsync(() => DeliverAsync<SpendCouponGiftRefund, OrderRefunded>(refunded with { Order = old }));

        Assert.IsType<OrderNotEarnedYetException>(early);
        Assert.Equal("VOIDED", Assert.Single(await _app.MyCouponsAsync(token))!.Str("status"));
        Assert.Null(late);
    }

    /// <summary>A handler's delivery as the outbox makes it: in its own scope.</summary>
    private async Task DeliverAsync<THandler, TEvent>(TEvent e) where THandler : IEventHandler<TEvent>
    {
        using var scope = _app.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(e, new EventContext("evt_t", "t", 0), default);
    }

    [Fact]
    public async Task Reaching_a_level_gives_its_upgrade_coupon_once()
    {
        await PublishTiersAsync();
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("gold gift", Channel("tierUpgrade", t => t["tierUpgradeLevel"] = 2)));
        var (token, memberId) = await _app.MemberAsync();
        const string grow = "mutation($i: GrowthAdjustInput!) { growthAdjust(input: $i) { level errors { code } } }";
        const string set = "mutation($i: TierSetInput!) { tierSet(input: $i) { errors { code } } }";

        (await _app.App.AdminAsync(grow, new { i = new { memberId, growth = 150, reason = "t", idempotencyKey = "g1" } })).Data!["growthAdjust"]!.NoErrors();
        Assert.Empty(await _app.MyCouponsAsync(token));
        (await _app.App.AdminAsync(grow, new { i = new { memberId, growth = 100, reason = "t", idempotencyKey = "g2" } })).Data!["growthAdjust"]!.NoErrors();
        var coupon = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal(templateId, coupon["template"]!.Str("id"));

        // Dropping and climbing back gives nothing twice.
        (await _app.App.AdminAsync(set, new { i = new { memberId, level = 1, reason = "t" } })).Data!["tierSet"]!.NoErrors();
        (await _app.App.AdminAsync(set, new { i = new { memberId, level = 2, reason = "t" } })).Data!["tierSet"]!.NoErrors();
        Assert.Single(await _app.MyCouponsAsync(token));
    }

    [Fact]
    public async Task A_level_reached_earlier_in_the_same_request_counts_for_a_tier_minimum()
    {
        await PublishTiersAsync();
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("level 2 and up", t => t["tierMinimum"] = 2));
        var (token, memberId) = await _app.MemberAsync();

        using var scope = _app.App.Services.CreateScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ICouponIssuer>();
        var before = await issuer.IssueAsync(new CouponIssue(templateId, memberId, CouponChannels.Claim, "before"));
        var grown = await scope.ServiceProvider.GetRequiredService<IGrowthLedger>().AddAsync(new GrowthGrant(memberId, 300, "test", "t", "grow"));
        var after = await issuer.IssueAsync(new CouponIssue(templateId, memberId, CouponChannels.Claim, "after"));

        Assert.Equal(CouponErrorCodes.NotEligible, before.Errors.Single().Code);
        Assert.Equal(2, grown.Level);
        Assert.Empty(after.Errors);
        Assert.Single(await _app.MyCouponsAsync(token));
    }

    [Fact]
    public async Task Staff_push_a_template_to_listed_members_and_a_repeat_gives_nobody_a_second()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("pushed", Channel("push", t => t["totalQuantity"] = 2)));
        var (a, aId) = await _app.MemberAsync();
        var (_, bId) = await _app.MemberAsync();
        var (_, cId) = await _app.MemberAsync();

        var first = (await _app.App.AdminAsync(Push, new { i = new { templateId, memberIds = new[] { aId, bId, cId, "mem_ghost" }, idempotencyKey = "push-1" } })).Data!["couponPush"]!;
        first.NoErrors();
        Assert.Equal(2, first.Long("issuedCount"));
        var failed = first["failed"]!.AsArray().ToDictionary(f => f!.Str("memberId"), f => f!.Str("code"));
        Assert.Equal("OUT_OF_STOCK", failed[cId]);
        Assert.Equal("NOT_FOUND", failed["mem_ghost"]);

        var again = (await _app.App.AdminAsync(Push, new { i = new { templateId, memberIds = new[] { aId, bId }, idempotencyKey = "push-1" } })).Data!["couponPush"]!;
        Assert.Equal(first["couponIds"]!.ToJsonString(), again["couponIds"]!.ToJsonString());
        Assert.Single(await _app.MyCouponsAsync(a));
        Assert.Equal(2, (await _app.StatsAsync(templateId)).Long("issued"));

        var claimOnly = await _app.PublishTemplateAsync(CouponsApp.Template("claim only"));
        var refused = (await _app.App.AdminAsync(Push, new { i = new { templateId = claimOnly, memberIds = new[] { aId }, idempotencyKey = "push-2" } })).Data!["couponPush"]!;
        Assert.Equal("NOT_AVAILABLE", refused.Code());
    }

    [Fact]
    public async Task A_push_key_reused_for_another_template_pushes_that_template()
    {
        var a = await _app.PublishTemplateAsync(CouponsApp.Template("A", Channel("push")));
        var b = await _app.PublishTemplateAsync(CouponsApp.Template("B", Channel("push")));
        var (token, memberId) = await _app.MemberAsync();

        var first = (await _app.App.AdminAsync(Push, new { i = new { templateId = a, memberIds = new[] { memberId }, idempotencyKey = "weekly" } })).Data!["couponPush"]!;
        var second = (await _app.App.AdminAsync(Push, new { i = new { templateId = b, memberIds = new[] { memberId }, idempotencyKey = "weekly" } })).Data!["couponPush"]!;

        first.NoErrors();
        second.NoErrors();
        Assert.Equal(1, second.Long("issuedCount"));
        Assert.NotEqual(first["couponIds"]!.ToJsonString(), second["couponIds"]!.ToJsonString());
        Assert.Equal(1, (await _app.StatsAsync(b)).Long("issued"));
        Assert.Equal(new[] { "A", "B" }, (await _app.MyCouponsAsync(token)).Select(c => c!.Str("title")).Order());
    }

    [Fact]
    public async Task A_push_made_under_the_key_without_the_template_still_replays()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template("pushed", Channel("push")));
        var (token, memberId) = await _app.MemberAsync();
        using (var scope = _app.App.Services.CreateScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ICouponIssuer>()
                .IssueAsync(new CouponIssue(templateId, memberId, CouponChannels.Push, "push:old", "old", "staff"))).Succeeded);

        var again = (await _app.App.AdminAsync(Push, new { i = new { templateId, memberIds = new[] { memberId }, idempotencyKey = "old" } })).Data!["couponPush"]!;

        again.NoErrors();
        Assert.Equal(1, again.Long("issuedCount"));
        Assert.Single(await _app.MyCouponsAsync(token));
        Assert.Equal(1, (await _app.StatsAsync(templateId)).Long("issued"));
    }

    private const string Push = "mutation($i: CouponPushInput!) { couponPush(input: $i) { issuedCount couponIds failed { memberId code } errors { code } } }";

    private async Task PublishTiersAsync()
    {
        foreach (var (level, threshold) in new[] { (1, 0L), (2, 200L), (3, 1000L) })
        {
            var created = await _app.App.AdminAsync("mutation($i: TierCreateInput!) { tierCreate(input: $i) { item { id } errors { message } } }", new
            {
                i = new { level, name = $"L{level}", threshold, benefits = new { discountPercent = 0, pointsMultiplierPercent = 100, freeShipping = false, upgradeGiftPoints = 0, birthdayPoints = 0 } },
            });
            var id = created.Data!["tierCreate"]!["item"]!.Str("id");
            (await _app.App.AdminAsync("mutation($id: ID!) { tierPublish(input: {id: $id}) { errors { code } } }", new { id })).Data!["tierPublish"]!.NoErrors();
        }
    }
}
