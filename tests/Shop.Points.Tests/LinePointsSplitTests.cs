using System.Net;
using static Shop.Points.Tests.OrderApi;

namespace Shop.Points.Tests;

/// <summary>
/// The review's case: an order paid entirely with points has no cash on any line, so splitting its
/// points by cash split them evenly and a refund of the cheap line returned half of them. The lines
/// now carry checkoutQuote's pointsDeductionFen, and the points follow it.
/// </summary>
public class ReviewAllPointsRefundTests(RefundTimingFixture f) : IClassFixture<RefundTimingFixture>
{
    [Fact]
    public async Task Refunding_the_cheap_line_of_an_order_paid_all_in_points_returns_its_own_share()
    {
        Line[] lines = [new("cheap", "SKU-C", 0) { PointsDeductionFen = 100 }, new("dear", "SKU-D", 0) { PointsDeductionFen = 9_900 }];
        var member = await f.MemberPayingWithPointsAsync("allpts", 10_000, lines);
        (await f.App.RefundAsync("allpts", "allpts-r1", ("cheap", 0, 1))).AssertOk("orderRefunded");
        Assert.Equal(100, (await f.BalanceAsync(member)).Balance); // was 5000: half the points, split evenly
        (await f.App.RefundAsync("allpts", "allpts-r2", ("dear", 0, 1))).AssertOk("orderRefunded");
        Assert.Equal((10_000, 0, 0), await f.BalanceAsync(member));
        await f.AssertBooksBalanceAsync(member);
    }
}

/// <summary>
/// Per-line points deductions (<c>pointsDeductionFen</c>) on the programme of <see cref="RefundTimingFixture"/>:
/// 100 points a yuan in steps of 1, up to 100 % of the goods; 1 point earned a yuan of cash, pending 7 days.
/// </summary>
public class LinePointsSplitTests(RefundTimingFixture f) : IClassFixture<RefundTimingFixture>
{
    [Fact]
    public async Task Points_that_covered_lines_unequally_come_back_with_each_lines_refunds_by_its_own_deduction()
    {
        // Two 100-yuan lines: points paid 80 yuan of a and 20 of b. By cash a's share would be 2000 points.
        Line[] lines = [new("a", "SKU-A", 2_000) { PointsDeductionFen = 8_000 }, new("b", "SKU-B", 8_000) { PointsDeductionFen = 2_000 }];
        var member = await f.MemberPayingWithPointsAsync("uneq", 10_000, lines);
        Assert.Equal((0, 100, 0), await f.BalanceAsync(member)); // 20 + 80 earned on the cash, pending

        (await f.App.RefundAsync("uneq", "uneq-r1", ("a", 1_000, 1))).AssertOk("orderRefunded");
        var half = await f.BalanceAsync(member);
        (await f.App.RefundAsync("uneq", "uneq-r2", ("a", 1_000, 0))).AssertOk("orderRefunded");

        Assert.Equal((4_000, 90, 0), half);
        Assert.Equal((8_000, 80, 0), await f.BalanceAsync(member));
        await f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Without_per_line_deductions_an_order_paid_all_in_points_splits_them_evenly_over_its_lines()
    {
        // The documented fallback: no cash on any line and no figures leave nothing to weigh the lines by.
        var member = await f.MemberPayingWithPointsAsync("even", 10_000, [new("cheap", "SKU-C", 0), new("dear", "SKU-D", 0)]);

        (await f.App.RefundAsync("even", "even-r1", ("cheap", 0, 1))).AssertOk("orderRefunded");

        Assert.Equal((5_000, 0, 0), await f.BalanceAsync(member));
        await f.AssertBooksBalanceAsync(member);
    }

    [Theory]
    [InlineData("sum", 10_000L, 100L, 9_800L, "lines")] // 9900 fen of deductions for 100 yuan of points
    [InlineData("partial", 10_000L, 100L, null, "lines[1].pointsDeductionFen")]
    [InlineData("negative", 10_000L, -100L, 10_100L, "lines[0].pointsDeductionFen")]
    [InlineData("nopoints", 0L, 100L, 0L, "lines")] // deductions without points used
    public async Task Per_line_deductions_that_are_not_the_split_of_the_points_used_are_refused_and_nothing_is_held(
        string kind, long pointsUsed, long first, long? second, string field)
    {
        var member = await f.NewMemberAsync();
        await f.AdjustAsync(member, 10_000, $"bad-{kind}-grant");
        Line[] lines = [new("a", "SKU-A", 100) { PointsDeductionFen = first }, new("b", "SKU-B", 100) { PointsDeductionFen = second }];

        var placed = await f.App.PlaceAsync(Input($"bad-{kind}", member, pointsUsed, lines));

        Assert.Equal("VALIDATION", placed.ErrorCode("orderPlaced"));
        Assert.Equal(field, placed.Data!["orderPlaced"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Null((await f.App.AdminAsync("query($id: ID!) { order(id: $id) { id } }", new { id = $"bad-{kind}" })).Data!["order"]);
        Assert.Equal((10_000, 0, 0), await f.BalanceAsync(member));
    }

    [Fact]
    public async Task The_webhook_carries_per_line_deductions_and_a_resend_with_other_deductions_is_another_order()
    {
        var member = await f.NewMemberAsync();
        await f.AdjustAsync(member, 10_000, "hook-grant");
        Line[] lines = [new("cheap", "SKU-C", 0) { PointsDeductionFen = 100 }, new("dear", "SKU-D", 0) { PointsDeductionFen = 9_900 }];
        Line[] other = [new("cheap", "SKU-C", 0) { PointsDeductionFen = 5_000 }, new("dear", "SKU-D", 0) { PointsDeductionFen = 5_000 }];

        var paid = await f.App.WebhookAsync("order.paid", Input("hook", member, 10_000, lines));
        var resent = await f.App.WebhookAsync("order.paid", Input("hook", member, 10_000, other));
        var refunded = await f.App.WebhookAsync("order.refunded",
            new { orderId = "hook", refundId = "hook-r1", lines = new[] { new { lineId = "cheap", quantity = 1, amountFen = 0L } } });
        var stored = await f.App.AdminAsync("{ order(id: \"hook\") { lines { lineId pointsDeductionFen } } }");

        Assert.Equal(HttpStatusCode.OK, paid.Status);
        Assert.Equal([("cheap", 100L), ("dear", 9_900L)], stored.Data!["order"]!["lines"]!.AsArray()
            .Select(l => (l!["lineId"]!.GetValue<string>(), l["pointsDeductionFen"]!.GetValue<long>())));
        Assert.Equal((HttpStatusCode)422, resent.Status);
        Assert.Equal(("ORDER_MISMATCH", "lines"), (resent.Body!["errors"]![0]!["code"]!.GetValue<string>(), resent.Body["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, refunded.Status);
        Assert.Equal((100, 0, 0), await f.BalanceAsync(member));
        await f.AssertBooksBalanceAsync(member);
    }
}

public static class PointsOrders
{
    /// <summary>A new member, granted <paramref name="points"/>, who pays order <paramref name="orderId"/> using all of them.</summary>
    public static async Task<string> MemberPayingWithPointsAsync(this PointsFixtureBase f, string orderId, long points, Line[] lines)
    {
        var member = await f.NewMemberAsync();
        await f.AdjustAsync(member, points, $"{orderId}-grant");
        (await f.App.PayAsync(Input(orderId, member, points, lines))).AssertOk("orderPaid");
        return member;
    }
}
