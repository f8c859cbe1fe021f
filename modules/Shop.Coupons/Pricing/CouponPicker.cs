namespace Shop.Coupons.Pricing;

/// <summary>
/// "Best for me": the combination of the member's coupons that takes the most off this order
/// (goods and shipping), given the points the member wants to use. Candidates are every coupon on
/// its own and every combination of the <see cref="ExactSearchLimit"/> stackable coupons with the
/// largest single savings that takes at most one coupon of each exclusive group; whether a
/// combination stands is the pricing engine's verdict, never rules repeated here. A wallet with more
/// stackable coupons than that also tries a greedy stack over all of them (largest single saving
/// first, each kept only if it adds to the saving). Ties go to fewer coupons, then to the one
/// expiring first, so a member never loses a coupon to a tie.
/// </summary>
public static class CouponPicker
{
    /// <summary>
    /// Every combination of this many coupons is at most 2^10 pricings of the order, which keeps a
    /// quote fast even at the line limit; greedy beyond it, because a greedy choice can miss the best
    /// mix when a large coupon shares an exclusive group with one that combines better.
    /// </summary>
    public const int ExactSearchLimit = 10;

    public static IReadOnlyList<PricingCoupon> Best(PricingRequest request, IReadOnlyList<PricingCoupon> wallet)
    {
        var singles = wallet
            .Select(c => (Coupon: c, Saving: Saving(request, [c])))
            .Where(s => s.Saving > 0)
            .OrderByDescending(s => s.Saving).ThenBy(s => s.Coupon.ValidUntil).ThenBy(s => s.Coupon.Id, StringComparer.Ordinal)
            .ToList();
        if (singles.Count == 0) return [];

        var best = new Candidate([singles[0].Coupon], singles[0].Saving);
        var stackable = singles.Where(s => s.Coupon.Rules.Stacking.WithOtherCoupons).Select(s => s.Coupon).ToList();
        foreach (var combination in Combinations(stackable.Take(ExactSearchLimit).ToList(), 0, [], []))
        {
            var candidate = new Candidate(combination, Saving(request, combination));
            if (candidate.IsBetterThan(best)) best = candidate;
        }
        if (stackable.Count > ExactSearchLimit)
        {
            var greedy = GreedyStack(request, stackable);
            if (greedy.IsBetterThan(best)) best = greedy;
        }
        return best.Coupons;
    }

    /// <summary>Every set of two or more of <paramref name="coupons"/> that takes at most one coupon of each exclusive group.</summary>
    private static IEnumerable<IReadOnlyList<PricingCoupon>> Combinations(IReadOnlyList<PricingCoupon> coupons, int from,
        List<PricingCoupon> taken, HashSet<string> groups)
    {
        for (var i = from; i < coupons.Count; i++)
        {
            var coupon = coupons[i];
            var group = coupon.Rules.Stacking.ExclusiveGroup;
            if (!string.IsNullOrEmpty(group) && !groups.Add(group)) continue;
            taken.Add(coupon);
            if (taken.Count >= 2) yield return taken.ToList();
            foreach (var larger in Combinations(coupons, i + 1, taken, groups)) yield return larger;
            taken.RemoveAt(taken.Count - 1);
            if (!string.IsNullOrEmpty(group)) groups.Remove(group);
        }
    }

    private static Candidate GreedyStack(PricingRequest request, IReadOnlyList<PricingCoupon> stackable)
    {
        var stack = new List<PricingCoupon>();
        long stackSaving = 0;
        foreach (var coupon in stackable)
        {
            var saving = Saving(request, [.. stack, coupon]);
            if (saving <= stackSaving) continue;
            stack.Add(coupon);
            stackSaving = saving;
        }
        return new Candidate(stack, stackSaving);
    }

    /// <summary>What the coupons take off together; a set where any coupon is refused is worth nothing.</summary>
    private static long Saving(PricingRequest request, IReadOnlyList<PricingCoupon> coupons)
    {
        var priced = CheckoutPricing.Price(request with { Coupons = coupons });
        return priced.Coupons.All(f => f.Applied) ? priced.Coupons.Sum(f => f.DiscountFen) : 0;
    }

    private sealed record Candidate(IReadOnlyList<PricingCoupon> Coupons, long Saving)
    {
        public bool IsBetterThan(Candidate other)
        {
            if (Saving != other.Saving) return Saving > other.Saving;
            if (Coupons.Count != other.Coupons.Count) return Coupons.Count < other.Coupons.Count;
            return Coupons.Min(c => c.ValidUntil) < other.Coupons.Min(c => c.ValidUntil);
        }
    }
}
