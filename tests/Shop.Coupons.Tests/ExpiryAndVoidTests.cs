using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.Tasks;

namespace Shop.Coupons.Tests;

public sealed class ExpiryAndVoidTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task RunExpiryAsync()
    {
        using var scope = _app.App.Services.CreateScope();
        await new CouponExpiryTask().RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    [Fact]
    public async Task A_coupon_reads_as_expired_at_once_and_the_task_stores_it()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["validity"]!["days"] = 1));
        var (token, _) = await _app.MemberAsync();
        (await _app.ClaimAsync(token, templateId, "k")).NoErrors();

        _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-23T15:59:59Z"));
        Assert.Equal("AVAILABLE", (await _app.MyCouponsAsync(token))[0]!.Str("status"));
        _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-23T16:00:00Z"));
        Assert.Equal("EXPIRED", (await _app.MyCouponsAsync(token))[0]!.Str("status"));
        Assert.Single(await _app.MyCouponsAsync(token, "EXPIRED"));
        Assert.Equal(1, (await _app.StatsAsync(templateId)).Count("AVAILABLE"));

        await RunExpiryAsync();

        var stats = await _app.StatsAsync(templateId);
        Assert.Equal(0, stats.Count("AVAILABLE"));
        Assert.Equal(1, stats.Count("EXPIRED"));
    }

    [Fact]
    public async Task Starting_the_next_day_makes_the_coupon_usable_from_local_midnight()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => { t["validity"]!["startNextDay"] = true; t["validity"]!["days"] = 3; }));
        var (token, _) = await _app.MemberAsync();

        var coupon = (await _app.ClaimAsync(token, templateId, "k"))["coupon"]!;

        Assert.Equal(DateTimeOffset.Parse("2026-11-23T16:00:00Z"), DateTimeOffset.Parse(coupon.Str("validFrom")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T16:00:00Z"), DateTimeOffset.Parse(coupon.Str("validUntil")));
    }

    [Fact]
    public async Task A_fixed_validity_is_copied_and_a_template_past_it_issues_nothing()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["validity"] = new System.Text.Json.Nodes.JsonObject
        {
            ["mode"] = "fixed", ["from"] = "2026-11-20T00:00:00Z", ["until"] = "2026-11-25T00:00:00Z", ["days"] = 0, ["startNextDay"] = false,
        }));
        var (token, _) = await _app.MemberAsync();

        var coupon = (await _app.ClaimAsync(token, templateId, "k"))["coupon"]!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T00:00:00Z"), DateTimeOffset.Parse(coupon.Str("validUntil")));

        _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-25T00:00:00Z"));
        var (late, _) = await _app.MemberAsync();
        Assert.Equal("NOT_AVAILABLE", (await _app.ClaimAsync(late, templateId, "k")).Code());
    }

    [Fact]
    public async Task Voiding_keeps_the_coupon_on_record_and_is_idempotent()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template());
        var (token, _) = await _app.MemberAsync();
        var couponId = (await _app.ClaimAsync(token, templateId, "k"))["coupon"]!.Str("id");
        const string voidMutation = "mutation($i: CouponVoidInput!) { couponVoid(input: $i) { coupon { coupon { status voidReason } } errors { code field } } }";

        var voided = (await _app.App.AdminAsync(voidMutation, new { i = new { couponId, reason = "issued by mistake" } })).Data!["couponVoid"]!;
        voided.NoErrors();
        Assert.Equal("VOIDED", voided["coupon"]!["coupon"]!.Str("status"));
        (await _app.App.AdminAsync(voidMutation, new { i = new { couponId, reason = "again" } })).Data!["couponVoid"]!.NoErrors();

        var mine = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal("VOIDED", mine.Str("status"));
        var issued = (await _app.App.AdminAsync("query($t: ID!) { issuedCoupons(templateId: $t, status: VOIDED) { totalCount edges { node { memberId coupon { id status voidReason } } } } }",
            new { t = templateId })).Data!["issuedCoupons"]!;
        Assert.Equal(1, issued.Long("totalCount"));
        Assert.Equal("issued by mistake", issued["edges"]![0]!["node"]!["coupon"]!.Str("voidReason"));
        Assert.Equal(0, (await _app.App.AdminAsync("query($t: ID!) { issuedCoupons(templateId: $t, status: AVAILABLE) { totalCount } }", new { t = templateId }))
            .Data!["issuedCoupons"]!.Long("totalCount"));
        var single = await _app.App.AdminAsync("query($id: ID!) { coupon(id: $id) { memberId coupon { code } } }", new { id = couponId });
        Assert.Equal(mine.Str("code"), single.Data!["coupon"]!["coupon"]!.Str("code"));
        Assert.Equal("NOT_FOUND", (await _app.App.AdminAsync(voidMutation, new { i = new { couponId = "cpn_x", reason = "x" } })).Data!["couponVoid"]!.Code());
        Assert.Equal("VALIDATION", (await _app.App.AdminAsync(voidMutation, new { i = new { couponId, reason = "" } })).Data!["couponVoid"]!.Code());
    }

    [Fact]
    public async Task A_coupon_held_by_an_order_cannot_be_voided()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template());
        var (token, memberId) = await _app.MemberAsync();
        var couponId = (await _app.ClaimAsync(token, templateId, "k"))["coupon"]!.Str("id");
        var placed = await _app.App.AdminAsync("mutation($i: OrderInput!) { orderPlaced(input: $i) { errors { code } } }", new
        {
            i = new { orderId = "o1", memberId, couponIds = new[] { couponId }, lines = new[] { new { lineId = "l", sku = "s", quantity = 1, amountFen = 100_00 } } },
        });
        placed.Data!["orderPlaced"]!.NoErrors();

        var refused = (await _app.App.AdminAsync("mutation($i: CouponVoidInput!) { couponVoid(input: $i) { errors { code } } }",
            new { i = new { couponId, reason = "x" } })).Data!["couponVoid"]!;
        Assert.Equal("CONFLICT", refused.Code());
    }
}
