using Shop.Coupons.Models;
using Shop.Framework.GraphQL;
using Shop.Points.Services;

namespace Shop.Coupons.Pricing;

/// <summary>
/// Prices an order. The steps run in a fixed order, each on what the previous left:
/// <list type="number">
/// <item>Tier discount: the tier's percent off the subtotal, rounded down to the fen.</item>
/// <item>Coupons: threshold-minus and cash coupons (largest first), then percent-off coupons (each
/// rounded down to the fen, then capped), each on the in-scope goods still unpaid. A coupon's
/// threshold is measured on its in-scope goods after the tier discount only, so the order coupons
/// are applied in never costs one its threshold. A discount never exceeds what its goods still cost.</item>
/// <item>Points: whole steps, at the programme's rate, at most its share of the goods left after
/// coupons, never more than the member's balance; points pay goods, never shipping.</item>
/// <item>Shipping: waived by the tier's free shipping or by a free-shipping coupon whose threshold
/// (in-scope goods after the tier discount) is met.</item>
/// </list>
/// Every discount is split over the lines it covers in proportion to what they still cost, by
/// largest remainder, so the parts add up to the whole and a refund of one line reverses that
/// line's share. Amounts never go below zero.
/// </summary>
public static class CheckoutPricing
{
    public static PricingResult Price(PricingRequest request)
    {
        var lines = request.Lines;
        var amounts = lines.Select(l => l.AmountFen).ToArray();
        var subtotal = amounts.Sum();
        var discounts = new List<PricedDiscount>();
        var errors = new List<UserError>();

        // 1. Tier discount.
        var tierTotal = subtotal * Math.Clamp(request.Tier.DiscountPercent, 0, 100) / 100;
        var tierShares = PointsRules.Allocate(tierTotal, amounts);
        var afterTier = amounts.Select((a, i) => a - tierShares[i]).ToArray();
        var current = afterTier.ToArray();

        // 2. Coupons.
        var couponShares = new long[lines.Count];
        var fits = new List<CouponFit>();
        var applied = new List<PricingCoupon>();
        var seen = new HashSet<string>();
        var shippingWaivedBy = (PricingCoupon?)null;
        foreach (var (coupon, index) in ApplicationOrder(request.Coupons))
        {
            var field = $"couponIds[{coupon.RequestIndex ?? index}]";
            var reason = !seen.Add(coupon.Id) ? CouponReasons.Duplicate
                : ValidityReason(coupon, request.AtMs)
                ?? StackingReason(coupon, applied)
                ?? (request.PointsToUse > 0 && !coupon.Rules.Stacking.WithPoints ? CouponReasons.NotWithPoints : null);
            long taken = 0;
            if (reason is null)
            {
                var scope = InScope(coupon, lines);
                if (scope.Length == 0) reason = CouponReasons.NotInScope;
                else if (scope.Sum(i => afterTier[i]) < coupon.Rules.ThresholdFen) reason = CouponReasons.BelowThreshold;
                else if (coupon.Rules.Kind == CouponKinds.FreeShipping)
                {
                    taken = request.Tier.FreeShipping || shippingWaivedBy is not null ? 0 : request.ShippingFeeFen;
                    if (taken > 0) shippingWaivedBy = coupon;
                }
                else
                {
                    taken = Math.Min(GoodsDiscount(coupon.Rules, scope.Sum(i => current[i])), scope.Sum(i => current[i]));
                    var shares = PointsRules.Allocate(taken, scope.Select(i => current[i]).ToList());
                    for (var k = 0; k < scope.Length; k++)
                    {
                        current[scope[k]] -= shares[k];
                        couponShares[scope[k]] += shares[k];
                    }
                }
                if (reason is null && taken == 0) reason = CouponReasons.NoDiscount;
            }
            if (reason is not null)
            {
                fits.Add(new CouponFit(coupon, false, reason, 0));
                errors.Add(new UserError(PricingErrorCodes.CouponNotApplicable, $"Coupon '{coupon.Title}' does not apply: {reason}.", field));
                continue;
            }
            applied.Add(coupon);
            fits.Add(new CouponFit(coupon, true, null, taken));
            discounts.Add(coupon.Rules.Kind == CouponKinds.FreeShipping
                ? new PricedDiscount(DiscountSources.Coupon, coupon.Id, coupon.Title, 0, taken)
                : new PricedDiscount(DiscountSources.Coupon, coupon.Id, coupon.Title, taken, 0));
        }

        // 3. Points.
        var goodsAfterCoupons = current.Sum();
        var pointsForbidden = applied.Any(c => !c.Rules.Stacking.WithPoints);
        var maxPoints = pointsForbidden ? 0 : MaxPoints(goodsAfterCoupons, request.Points);
        long pointsUsed = 0, pointsFen = 0;
        var pointsShares = new long[lines.Count];
        if (request.PointsToUse > 0)
        {
            if (PointsError(request.PointsToUse, goodsAfterCoupons, request.Points, pointsForbidden) is { } refused) errors.Add(refused);
            else
            {
                pointsUsed = request.PointsToUse;
                pointsFen = PointsRules.DeductionFen(pointsUsed, request.Points.PointsPerYuan);
                pointsShares = PointsRules.Allocate(pointsFen, current);
            }
        }

        // 4. Shipping.
        var tierShipping = request.Tier.FreeShipping ? request.ShippingFeeFen : 0;
        if (tierTotal > 0 || tierShipping > 0)
            discounts.Insert(0, new PricedDiscount(DiscountSources.Tier, null, TierLabel(request.Tier), tierTotal, tierShipping));
        var shippingDiscount = tierShipping + (shippingWaivedBy is null ? 0 : request.ShippingFeeFen);

        return new PricingResult
        {
            SubtotalFen = subtotal,
            Discounts = discounts,
            Lines = lines.Select((l, i) => new PricedLine(l.LineId, l.AmountFen, tierShares[i], couponShares[i], pointsShares[i])).ToList(),
            PointsUsed = pointsUsed,
            PointsDeductionFen = pointsFen,
            MaxPointsUsable = maxPoints,
            ShippingFeeFen = request.ShippingFeeFen,
            ShippingDiscountFen = shippingDiscount,
            Coupons = fits,
            Errors = errors,
        };
    }

    /// <summary>Threshold-minus and cash coupons first (largest amount first), then percent-off, then free shipping; ties keep the member's order.</summary>
    private static IEnumerable<(PricingCoupon Coupon, int Index)> ApplicationOrder(IReadOnlyList<PricingCoupon> coupons) =>
        coupons.Select((c, i) => (c, i))
            .OrderBy(p => p.c.Rules.Kind switch { CouponKinds.ThresholdMinus or CouponKinds.Cash => 0, CouponKinds.PercentOff => 1, _ => 2 })
            .ThenByDescending(p => p.c.Rules.Kind is CouponKinds.ThresholdMinus or CouponKinds.Cash ? p.c.Rules.DiscountFen : 0)
            .ThenBy(p => p.i);

    public static string? ValidityReason(PricingCoupon coupon, long atMs) =>
        atMs < coupon.ValidFrom ? CouponReasons.NotYetValid : atMs >= coupon.ValidUntil ? CouponReasons.Expired : null;

    private static string? StackingReason(PricingCoupon coupon, IReadOnlyList<PricingCoupon> applied)
    {
        if (applied.Count == 0) return null;
        if (!coupon.Rules.Stacking.WithOtherCoupons || applied.Any(a => !a.Rules.Stacking.WithOtherCoupons)) return CouponReasons.NotStackable;
        var group = coupon.Rules.Stacking.ExclusiveGroup;
        return !string.IsNullOrEmpty(group) && applied.Any(a => a.Rules.Stacking.ExclusiveGroup == group) ? CouponReasons.ExclusiveGroup : null;
    }

    private static int[] InScope(PricingCoupon coupon, IReadOnlyList<PricingLine> lines) =>
        Enumerable.Range(0, lines.Count).Where(i => CouponScopeRules.Covers(coupon.Rules.Scope, lines[i].Sku, lines[i].CategoryIds)).ToArray();

    /// <summary>What a goods coupon takes off <paramref name="baseFen"/>, before the "never more than the goods" clamp.</summary>
    public static long GoodsDiscount(CouponRules rules, long baseFen) => rules.Kind switch
    {
        CouponKinds.ThresholdMinus or CouponKinds.Cash => rules.DiscountFen,
        CouponKinds.PercentOff => rules.MaxDiscountFen > 0
            ? Math.Min(baseFen * rules.PercentOff / 100, rules.MaxDiscountFen)
            : baseFen * rules.PercentOff / 100,
        _ => 0,
    };

    /// <summary>The most points the goods can take: the balance, the share cap and the step all hold.</summary>
    public static long MaxPoints(long goodsFen, PointsTerms terms)
    {
        if (terms.Balance <= 0 || terms.Balance < terms.MinimumBalance || terms.PointsPerYuan <= 0) return 0;
        var maxFen = goodsFen * terms.MaxSharePercent / 100;
        var points = Math.Min(maxFen * terms.PointsPerYuan / 100, terms.Balance);
        return terms.Step > 0 ? points - points % terms.Step : points;
    }

    private static UserError? PointsError(long points, long goodsFen, PointsTerms terms, bool forbidden)
    {
        if (forbidden) return new UserError(PricingErrorCodes.PointsNotAllowed, "A coupon on this order cannot be combined with points.", "pointsToUse");
        if (terms.Step > 0 && points % terms.Step != 0)
            return new UserError(PointsErrorCodes.Step, $"Points are used in steps of {terms.Step}.", "pointsToUse");
        if (terms.Balance < terms.MinimumBalance)
            return new UserError(PointsErrorCodes.BelowMinimum, $"Points can be used from a balance of {terms.MinimumBalance}.", "pointsToUse");
        if (points > terms.Balance) return new UserError(PointsErrorCodes.InsufficientPoints, "Not enough points.", "pointsToUse");
        var fen = PointsRules.DeductionFen(points, terms.PointsPerYuan);
        if (fen * 100 > goodsFen * terms.MaxSharePercent)
            return new UserError(PointsErrorCodes.ShareExceeded, $"Points may pay at most {terms.MaxSharePercent}% of the goods.", "pointsToUse");
        return null;
    }

    private static string TierLabel(TierTerms tier) => tier.Name is null ? "Member discount" : $"{tier.Name} member benefit";
}
