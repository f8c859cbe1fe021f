namespace Shop.Coupons.Pricing;

/// <summary>
/// "Best for me": the combination of the member's coupons that takes the most off this order
/// (goods and shipping), given the points the member wants to use. Candidates are every coupon on
/// its own and a greedy stack of the stackable ones (largest single saving first, each kept only
/// if it adds to the saving). Ties go to fewer coupons, then to the one expiring first, so a
/// member never loses a coupon to a tie.
/// </summary>
public static class CouponPicker
{
    public static IReadOnlyList<PricingCoupon> Best(PricingRequest request, IReadOnlyList<PricingCoupon> wallet)
    {
        var singles = wallet
            .Select(c => (Coupon: c, Saving: Saving(request, [c])))
            .Where(s => s.Saving > 0)
            .OrderByDescending(s => s.Saving).ThenBy(s => s.Coupon.ValidUntil).ThenBy(s => s.Coupon.Id, StringComparer.Ordinal)
            .ToList();
        if (singles.Count == 0) return [];

        var best = (Coupons: (IReadOnlyList<PricingCoupon>)[singles[0].Coupon], Saving: singles[0].Saving);
        var stack = new List<PricingCoupon>();
        long stackSaving = 0;
        foreach (var (coupon, _) in singles.Where(s => s.Coupon.Rules.Stacking.WithOtherCoupons))
        {
            var saving = Saving(request, [.. stack, coupon]);
            if (saving <= stackSaving) continue;
            stack.Add(coupon);
            stackSaving = saving;
        }
        return stackSaving > best.Saving ? stack : best.Coupons;
    }

    /// <summary>What the coupons take off together; a set where any coupon is refused is worth nothing.</summary>
    private static long Saving(PricingRequest request, IReadOnlyList<PricingCoupon> coupons)
    {
        var priced = CheckoutPricing.Price(request with { Coupons = coupons });
        return priced.Coupons.All(f => f.Applied) ? priced.Coupons.Sum(f => f.DiscountFen) : 0;
    }
}
