namespace Shop.Coupons.Pricing;

/// <summary>
/// "Best for me": the combination of the member's coupons that leaves this order the lowest total
/// (goods and shipping) with the points the member asked to use, so a coupon that would get those
/// points refused (the share cap is measured after coupons) loses to using no coupon. Candidates
/// are no coupon, every coupon on its own and every combination of the
/// <see cref="ExactSearchLimit"/> stackable coupons with the largest single savings that takes at
/// most one coupon of each exclusive group; whether a combination stands is the pricing engine's
/// verdict, never rules repeated here. A wallet with more stackable coupons than that also tries a
/// greedy stack over all of them (largest single saving first, each kept only if it adds to the
/// saving). Ties go to fewer coupons, then to the one expiring first, so a member never loses a
/// coupon to a tie.
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
            .Select(c => Evaluate(request, [c]))
            .OfType<Candidate>()
            .Where(s => s.Saving > 0)
            .OrderByDescending(s => s.Saving).ThenBy(s => s.Coupons[0].ValidUntil).ThenBy(s => s.Coupons[0].Id, StringComparer.Ordinal)
            .ToList();

        var best = Evaluate(request, [])!;
        foreach (var single in singles)
            if (single.IsBetterThan(best)) best = single;
        var stackable = singles.Select(s => s.Coupons[0]).Where(c => c.Rules.Stacking.WithOtherCoupons).ToList();
        foreach (var combination in Combinations(stackable.Take(ExactSearchLimit).ToList(), 0, [], []))
            if (Evaluate(request, combination) is { } candidate && candidate.IsBetterThan(best)) best = candidate;
        if (stackable.Count > ExactSearchLimit && GreedyStack(request, stackable) is { } greedy && greedy.IsBetterThan(best)) best = greedy;
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

    private static Candidate? GreedyStack(PricingRequest request, IReadOnlyList<PricingCoupon> stackable)
    {
        Candidate? stack = null;
        foreach (var coupon in stackable)
            if (Evaluate(request, [.. stack?.Coupons ?? [], coupon]) is { } larger && larger.Saving > (stack?.Saving ?? 0)) stack = larger;
        return stack;
    }

    /// <summary>The order priced with these coupons and the member's points; null when the engine refuses any of the coupons.</summary>
    private static Candidate? Evaluate(PricingRequest request, IReadOnlyList<PricingCoupon> coupons)
    {
        var priced = CheckoutPricing.Price(request with { Coupons = coupons });
        return priced.Coupons.All(f => f.Applied) ? new Candidate(coupons, priced.Coupons.Sum(f => f.DiscountFen), priced.TotalFen) : null;
    }

    /// <param name="Saving">What the coupons take off together; it ranks coupons for the search, the total decides.</param>
    private sealed record Candidate(IReadOnlyList<PricingCoupon> Coupons, long Saving, long TotalFen)
    {
        public bool IsBetterThan(Candidate other)
        {
            if (TotalFen != other.TotalFen) return TotalFen < other.TotalFen;
            if (Coupons.Count != other.Coupons.Count) return Coupons.Count < other.Coupons.Count;
            return Coupons.Count > 0 && Coupons.Min(c => c.ValidUntil) < other.Coupons.Min(c => c.ValidUntil);
        }
    }
}
