using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Members.Events;

namespace Shop.Tiers.Services;

/// <summary>A paid order earns growth: goods cash in whole yuan, rounded down, shipping excluded.</summary>
public sealed class OrderPaidGrowthHandler(GrowthLedger ledger) : IEventHandler<OrderPaid>
{
    public const string SourceType = "order";

    public static string KeyFor(string orderId) => $"order:{orderId}";

    public async Task HandleAsync(OrderPaid domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        var order = domainEvent.Order;
        var growth = TierRules.GrowthForOrder(order.GoodsFen);
        if (growth == 0) return;
        var result = await ledger.AddAsync(new GrowthGrant(order.MemberId, growth, SourceType, order.OrderId, KeyFor(order.OrderId), $"订单 {order.OrderId}"));
        if (!result.Succeeded) throw new InvalidOperationException($"Growth for order {order.OrderId} refused: {result.Errors[0].Code}");
    }
}

/// <summary>
/// A refund takes back its share of the growth the order earned, on cumulative refunded cash,
/// so the refunds of an order together take back exactly what it earned. Growth value goes
/// down; the level does not (only the periodic review lowers levels). Once a review has expired
/// the order's growth there is nothing of it left, so later refunds take nothing back.
/// </summary>
public sealed class OrderRefundedGrowthHandler(GrowthLedger ledger, DbSession db, TimeProvider clock) : IEventHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        var (order, refund, previously) = (domainEvent.Order, domainEvent.Refund, domainEvent.PreviouslyRefunded);
        // What the order actually earned, not a recomputation: an order that earned nothing has nothing to reverse.
        var earned = await ledger.FindAsync(order.MemberId, OrderPaidGrowthHandler.KeyFor(order.OrderId));
        // OrderPaid and OrderRefunded are separate messages: when the paid handler has not run yet (it
        // failed once and waits for its retry), reversing nothing now would leave the growth it then
        // grants standing. Failing makes the outbox retry this refund after it.
        // After OrderRefunded.WaitForEarn it stops waiting: an order paid before this module was enabled never earned.
        if (earned is null && TierRules.GrowthForOrder(order.GoodsFen) > 0 && domainEvent.MayWaitForEarn(clock.NowMs()))
            throw new OrderNotEarnedYetException(order.OrderId, refund.RefundId, "growth");
        if (earned is null || earned.Delta <= 0) return;
        var amounts = order.Lines.ToDictionary(l => l.LineId, l => l.AmountFen);
        long before = 0, after = 0;
        foreach (var line in order.Lines)
        {
            var earlier = Math.Min(previously.GetValueOrDefault(line.LineId), line.AmountFen);
            var now = refund.Lines.Where(r => r.LineId == line.LineId).Sum(r => r.AmountFen);
            before += earlier;
            after += Math.Min(earlier + now, amounts[line.LineId]);
        }
        var reversal = TierRules.RefundReversal(earned.Delta, order.GoodsFen, before, after);
        if (reversal <= 0) return;
        // Taking the member's row first makes a review running now finish before the expiry check
        // reads, so the check and the reversal see the same ledger.
        await db.ExecuteAsync("UPDATE tier_members SET growth_value = growth_value WHERE member_id = @MemberId", new { order.MemberId });
        if (await ledger.ExpiredAsync(order.MemberId, earned.CreatedAt)) return;
        // The reversal counts when the order's growth was earned: a refund of an old order must not
        // eat into the growth of the window a review is judging.
        var result = await ledger.AddAsync(new GrowthGrant(order.MemberId, -reversal, "refund", refund.RefundId,
            $"refund:{refund.RefundId}", $"退款 {refund.RefundId}（订单 {order.OrderId}）", earned.CreatedAt), allowBelowZero: true);
        if (!result.Succeeded) throw new InvalidOperationException($"Growth reversal for refund {refund.RefundId} refused: {result.Errors[0].Code}");
    }
}
