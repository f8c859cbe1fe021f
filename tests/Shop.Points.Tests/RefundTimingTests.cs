using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Events;
using Shop.Members.Events;
using Shop.Members.Models;
using Shop.Points.Events;
using Shop.Points.Models;
using Shop.Points.Services;
using static Shop.Points.Tests.OrderApi;

namespace Shop.Points.Tests;

/// <summary>
/// Points expire at the end of the month they were earned in, after 7 frozen days, debts allowed,
/// 1 point per yuan; points may pay a whole order, so a line can be paid with points alone.
/// </summary>
public sealed class RefundTimingFixture : PointsFixtureBase
{
    protected override PointsProgram Program => new()
    {
        Name = "End of month",
        PointsPerYuan = 1,
        Rounding = "floor",
        FrozenDays = 7,
        ExpiryPolicy = "endOfMonth",
        Clawback = "allowNegative",
        DeductionPointsPerYuan = 100,
        DeductionStep = 1,
        DeductionMaxSharePercent = 100,
    };

    /// <summary>Moves the clock to noon (Asia/Shanghai) of <paramref name="day"/> in the next month and returns it.</summary>
    public DateTimeOffset MoveToNextMonth(int day)
    {
        var now = Clock.GetUtcNow();
        var target = new DateTimeOffset(now.Year, now.Month, day, 4, 0, 0, TimeSpan.Zero).AddMonths(1);
        Clock.SetUtcNow(target);
        return target;
    }

    public Task ExpireAndActivateAsync() => InScopeAsync(async sp =>
    {
        var maintenance = sp.GetRequiredService<PointsMaintenance>();
        return await maintenance.ActivateDueAsync() + await maintenance.ExpireDueAsync();
    });
}

public class RefundTimingTests(RefundTimingFixture fixture) : IClassFixture<RefundTimingFixture>
{
    private readonly RefundTimingFixture _f = fixture;

    [Fact]
    public async Task A_refund_after_the_orders_points_expired_takes_nothing_more()
    {
        var member = await _f.NewMemberAsync();
        var paidAt = _f.MoveToNextMonth(28); // earns 1000 pending until the 5th of next month, then spendable to its end
        Line[] lines = [new("a", "SKU-A", 100_000)];
        (await _f.App.PayAsync(Input("exp-full", member, 0, lines, paidAt))).AssertOk("orderPaid");
        _f.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        await _f.ExpireAndActivateAsync();
        Assert.Equal((1000, 0, 0), await _f.BalanceAsync(member));
        _f.MoveToNextMonth(2);
        await _f.ExpireAndActivateAsync();
        Assert.Equal((0, 0, 0), await _f.BalanceAsync(member));
        await _f.AdjustAsync(member, 500, "exp-full-grant");

        (await _f.App.RefundAsync("exp-full", "exp-full-r", ("a", 100_000, 1))).AssertOk("orderRefunded");

        // The expire entry already took the 1000: the refund takes none of the 500 granted since.
        Assert.Equal((500, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Points_frozen_past_the_end_of_the_month_they_were_earned_in_are_spendable_to_the_end_of_the_month_they_activate_in()
    {
        var member = await _f.NewMemberAsync();
        var paidAt = _f.MoveToNextMonth(28);
        Line[] lines = [new("a", "SKU-A", 10_000)];
        (await _f.App.PayAsync(Input("frozen-eom", member, 0, lines, paidAt))).AssertOk("orderPaid");
        var pending = await _f.BalanceAsync(member);
        _f.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        await _f.ExpireAndActivateAsync();

        Assert.Equal((0, 100, 0), pending);
        Assert.Equal((100, 0, 0), await _f.BalanceAsync(member)); // before: activated and expired at once, never spendable
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Only_the_spent_part_of_partly_expired_points_is_clawed_back()
    {
        var member = await _f.NewMemberAsync();
        var now = _f.MoveToNextMonth(25);
        Line[] lines = [new("a", "SKU-A", 10_000)];
        (await _f.App.PayAsync(Input("exp-part", member, 0, lines, now.AddDays(-10)))).AssertOk("orderPaid"); // 100, already spendable
        await _f.AdjustAsync(member, -60, "exp-part-spend");
        _f.MoveToNextMonth(2);
        await _f.ExpireAndActivateAsync(); // the other 40 expire

        (await _f.App.RefundAsync("exp-part", "exp-part-r", ("a", 10_000, 1))).AssertOk("orderRefunded");

        Assert.Equal((-60, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task Over_partial_refunds_each_expired_point_excuses_the_clawback_once()
    {
        var member = await _f.NewMemberAsync();
        var now = _f.MoveToNextMonth(25);
        Line[] lines = [new("a", "SKU-A", 10_000, 2)];
        (await _f.App.PayAsync(Input("exp-cum", member, 0, lines, now.AddDays(-10)))).AssertOk("orderPaid");
        await _f.AdjustAsync(member, -30, "exp-cum-spend"); // 100 earned, 30 spent
        _f.MoveToNextMonth(2);
        await _f.ExpireAndActivateAsync(); // 70 expire

        (await _f.App.RefundAsync("exp-cum", "exp-cum-r1", ("a", 5_000, 1))).AssertOk("orderRefunded");
        var afterFirst = await _f.BalanceAsync(member);
        (await _f.App.RefundAsync("exp-cum", "exp-cum-r2", ("a", 5_000, 1))).AssertOk("orderRefunded");

        Assert.Equal((0, 0, 0), afterFirst); // 50 reversed, all of them among the 70 expired
        Assert.Equal((-30, 0, 0), await _f.BalanceAsync(member)); // 20 expired left, 30 were spent
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_refund_handled_before_the_earn_waits_for_it_and_both_end_as_if_in_order()
    {
        var member = await _f.NewMemberAsync();
        var paidAt = _f.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var order = new Order
        {
            OrderId = "late-earn", MemberId = member, Status = OrderStatuses.Paid, PlacedAt = paidAt, PaidAt = paidAt,
            Lines = [new OrderLine("a", "SKU-A", [], 2, 10_000), new OrderLine("b", "SKU-B", [], 1, 5_000)],
        };
        var refund = new OrderRefund
        {
            RefundId = "late-earn-r", OrderId = order.OrderId, MemberId = member, RefundedAt = paidAt, Lines = [new RefundLine("a", 2, 10_000)],
        };
        var refunded = new OrderRefunded(order, refund, new Dictionary<string, long> { ["a"] = 0 });

        var early = await Record.ExceptionAsync(() => DeliverAsync<OrderRefunded, ReverseOnOrderRefunded>(refunded));
        await DeliverAsync<OrderPaid, EarnOnOrderPaid>(new OrderPaid(order));
        await DeliverAsync<OrderRefunded, ReverseOnOrderRefunded>(refunded); // the outbox's retry
        var settled = await _f.BalanceAsync(member);
        // At least once: either handler may run again.
        await DeliverAsync<OrderPaid, EarnOnOrderPaid>(new OrderPaid(order));
        await DeliverAsync<OrderRefunded, ReverseOnOrderRefunded>(refunded);

        Assert.IsType<OrderNotEarnedYetException>(early);
        Assert.Equal((0, 50, 0), settled); // 150 earned, line a's 100 reversed
        Assert.Equal((0, 50, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public async Task A_refund_stops_waiting_for_an_earn_that_never_came_and_counts_an_earn_recorded_without_its_mark()
    {
        var member = await _f.NewMemberAsync();
        var now = _f.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Order Paid(string id, long paidAt) => new()
        {
            OrderId = id, MemberId = member, Status = OrderStatuses.Paid, PlacedAt = paidAt, PaidAt = paidAt,
            Lines = [new OrderLine("a", "SKU-A", [], 1, 10_000)],
        };
        OrderRefunded Refunded(Order order) => new(order, new OrderRefund
        {
            RefundId = order.OrderId + "-r", OrderId = order.OrderId, MemberId = member, RefundedAt = now, Lines = [new RefundLine("a", 1, 10_000)],
        }, new Dictionary<string, long> { ["a"] = 0 });
        // Paid before the points module was enabled: never earned, and eight days on nothing will come.
        var old = Paid("never-earned", now - (long)TimeSpan.FromDays(8).TotalMilliseconds);
        // Earned by a node of the previous release, which did not mark the order's lines.
        var unmarked = Paid("unmarked-earn", now);
        await DeliverAsync<OrderPaid, EarnOnOrderPaid>(new OrderPaid(unmarked));
        await _f.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<Shop.Framework.Data.DbSession>().ExecuteAsync(
                "UPDATE points_order_lines SET earned_at = NULL WHERE order_id = @id", new { id = unmarked.OrderId });
            return true;
        });

        var oldRefund = await Record.ExceptionAsync(() => DeliverAsync<OrderRefunded, ReverseOnOrderRefunded>(Refunded(old)));
        var unmarkedRefund = await Record.ExceptionAsync(() => DeliverAsync<OrderRefunded, ReverseOnOrderRefunded>(Refunded(unmarked)));

        Assert.Null(oldRefund);
        Assert.Null(unmarkedRefund);
        Assert.Equal((0, 0, 0), await _f.BalanceAsync(member)); // the unmarked order's 100 earned, then reversed
        await _f.AssertBooksBalanceAsync(member);
    }

    [Theory]
    [InlineData("q111", new[] { 1, 1, 1 })]
    [InlineData("q21", new[] { 2, 1 })]
    public async Task Refunds_by_quantity_of_a_line_paid_with_points_alone_return_every_point(string orderId, int[] quantities)
    {
        var member = await _f.NewMemberAsync();
        await _f.AdjustAsync(member, 200, $"{orderId}-grant");
        Line[] lines = [new("p", "SKU-P", 0, 3)];
        (await _f.App.PlaceAsync(Input(orderId, member, 200, lines))).AssertOk("orderPlaced");
        (await _f.App.PayAsync(Input(orderId, member, 200, lines, _f.Clock.GetUtcNow()))).AssertOk("orderPaid");
        Assert.Equal((0, 0, 0), await _f.BalanceAsync(member));

        for (var i = 0; i < quantities.Length; i++)
            (await _f.App.RefundAsync(orderId, $"{orderId}-r{i}", ("p", 0, quantities[i]))).AssertOk("orderRefunded");

        Assert.Equal((200, 0, 0), await _f.BalanceAsync(member));
        await _f.AssertBooksBalanceAsync(member);
    }

    [Fact]
    public void A_refund_message_from_before_refunded_quantities_travelled_still_reads_with_none()
    {
        var order = new Order { OrderId = "o", MemberId = "m", Status = OrderStatuses.Paid, Lines = [new OrderLine("p", "SKU-P", [], 3, 0)] };
        var refund = new OrderRefund { RefundId = "r", OrderId = "o", MemberId = "m", Lines = [new RefundLine("p", 1, 0)] };
        var current = new OrderRefunded(order, refund, new Dictionary<string, long> { ["p"] = 0 }) { PreviouslyRefundedQuantity = new Dictionary<string, int> { ["p"] = 1 } };
        var payload = JsonSerializer.SerializeToNode(current, Outbox.Json)!.AsObject();
        var written = payload.Deserialize<OrderRefunded>(Outbox.Json)!;
        payload.Remove(payload.Single(p => p.Key.Equals(nameof(OrderRefunded.PreviouslyRefundedQuantity), StringComparison.OrdinalIgnoreCase)).Key);

        var older = payload.Deserialize<OrderRefunded>(Outbox.Json)!;

        Assert.Equal(1, written.PreviouslyRefundedQuantity!["p"]);
        Assert.Null(older.PreviouslyRefundedQuantity);
        Assert.Equal(0, older.PreviouslyRefunded["p"]);
        Assert.Equal("r", older.Refund.RefundId);
    }

    /// <summary>One handler's delivery, as the outbox makes it: in its own scope and transaction.</summary>
    private Task<bool> DeliverAsync<TEvent, THandler>(TEvent domainEvent) where THandler : IEventHandler<TEvent> =>
        _f.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<THandler>().HandleAsync(domainEvent, new EventContext("test", "test", 0), CancellationToken.None);
            return true;
        });
}
