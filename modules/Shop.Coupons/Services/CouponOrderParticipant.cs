using Shop.Framework.Data;
using Shop.Coupons.Models;
using Shop.Coupons.Pricing;
using Shop.Framework.GraphQL;
using Shop.Members.Models;
using Shop.Members.Services.Orders;

namespace Shop.Coupons.Services;

/// <summary>
/// Coupons named on an order: reserved when it is placed (refusing the order when one cannot be
/// held or they may not be combined), used when it is paid, given back when it is cancelled —
/// or expired, when their validity ended meanwhile. Runs inside the order intake's transaction.
/// </summary>
public sealed class CouponOrderParticipant(ICouponWallet wallet, TimeProvider clock) : IOrderParticipant
{
    public async Task<IReadOnlyList<UserError>> ReserveAsync(Order order)
    {
        if (order.CouponIds.Count == 0) return [];
        var ids = order.CouponIds.Distinct().ToList();
        var coupons = await wallet.FindAsync(order.MemberId, ids);
        if (CombinationError(coupons, order.PointsUsed) is { } refused) return [refused];
        if (ScopeErrors(coupons, order) is { Count: > 0 } outOfScope) return outOfScope;
        // An order being placed is judged now, not at its placedAt, as the points reservation judges
        // its lots: a late report cannot revive what has expired since, and the answer cannot depend
        // on whether the expiry task has marked the coupon yet (it only marks what is past due now).
        // An order handed over already paid (orderPaid placing and paying in one step) is judged at
        // its paidAt, which the intake bounds: the member used the coupon then, and refusing a paid
        // order whose report came after the coupon's last day would lose it for good.
        return await wallet.ReserveAsync(order.MemberId, order.OrderId, ids, order.PaidAt ?? clock.NowMs());
    }

    public Task CaptureAsync(Order order) =>
        order.CouponIds.Count == 0 ? Task.CompletedTask : wallet.CaptureAsync(order.OrderId, order.PaidAt ?? clock.NowMs());

    public Task ReleaseAsync(Order order) =>
        order.CouponIds.Count == 0 ? Task.CompletedTask : wallet.ReleaseAsync(order.OrderId, clock.NowMs());

    /// <summary>
    /// A coupon must cover at least one line of the order, as checkout requires (its NOT_IN_SCOPE).
    /// Thresholds are not checked again: a line's amountFen at intake is what was paid after every
    /// discount, this coupon's included, so it no longer shows the goods value the threshold is
    /// measured on.
    /// </summary>
    public static IReadOnlyList<UserError> ScopeErrors(IReadOnlyList<WalletCoupon> coupons, Order order) =>
        order.CouponIds.Select((id, i) => (Coupon: coupons.FirstOrDefault(c => c.Id == id), Field: $"couponIds[{i}]"))
            .Where(x => x.Coupon is not null && !order.Lines.Any(l => CouponScopeRules.Covers(x.Coupon.Rules.Scope, l.Sku, l.CategoryIds)))
            .DistinctBy(x => x.Coupon!.Id)
            .Select(x => new UserError(CouponOrderErrorCodes.NotInScope, $"Coupon {x.Coupon!.Code} covers none of the order's lines.", x.Field))
            .ToList();

    /// <summary>The stacking rules checkout applies, enforced again where the order is recorded.</summary>
    public static UserError? CombinationError(IReadOnlyList<WalletCoupon> coupons, long pointsUsed)
    {
        if (coupons.Count > 1)
        {
            if (coupons.Any(c => !c.Rules.Stacking.WithOtherCoupons))
                return new UserError(CouponOrderErrorCodes.NotStackable, "These coupons cannot be used together.", "couponIds");
            var groups = coupons.Select(c => c.Rules.Stacking.ExclusiveGroup).Where(g => !string.IsNullOrEmpty(g)).ToList();
            if (groups.Count != groups.Distinct().Count())
                return new UserError(CouponOrderErrorCodes.NotStackable, "Only one coupon of a group can be used on an order.", "couponIds");
        }
        if (pointsUsed > 0 && coupons.FirstOrDefault(c => !c.Rules.Stacking.WithPoints) is { } noPoints)
            return new UserError(CouponOrderErrorCodes.NotWithPoints, $"Coupon {noPoints.Code} cannot be combined with points.", "pointsUsed");
        return null;
    }
}

public static class CouponOrderErrorCodes
{
    public const string NotStackable = "COUPONS_NOT_STACKABLE";
    public const string NotWithPoints = "COUPON_NOT_WITH_POINTS";

    /// <summary>The reason checkoutQuote gives for the same coupon (<see cref="CouponReasons.NotInScope"/>).</summary>
    public const string NotInScope = CouponReasons.NotInScope;
}
