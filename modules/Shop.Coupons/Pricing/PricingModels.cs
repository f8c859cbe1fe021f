using Shop.Coupons.Models;
using Shop.Framework.GraphQL;

namespace Shop.Coupons.Pricing;

/// <param name="AmountFen">The line's goods value before any discount (unit price × quantity).</param>
public sealed record PricingLine(string LineId, string Sku, IReadOnlyList<string> CategoryIds, int Quantity, long AmountFen);

/// <summary>A coupon the member holds, priced from the rules it was issued with.</summary>
public sealed record PricingCoupon(string Id, string Title, CouponRules Rules, long ValidFrom, long ValidUntil)
{
    /// <summary>
    /// Where the member listed it in <c>couponIds</c>, which is what an error's field names: coupons
    /// the member holds no longer are left out before pricing, so their position in the priced list
    /// can differ. Null when the member did not list it (best for me).
    /// </summary>
    public int? RequestIndex { get; init; }
}

/// <summary>What the member's tier gives at checkout.</summary>
public sealed record TierTerms(int Level, string? Name, int DiscountPercent, bool FreeShipping)
{
    public static readonly TierTerms None = new(0, null, 0, false);
}

/// <summary>The points programme's checkout-deduction rules and the member's spendable balance.</summary>
public sealed record PointsTerms(long Balance, int PointsPerYuan, long Step, int MaxSharePercent, long MinimumBalance)
{
    public static readonly PointsTerms None = new(0, 100, 100, 0, 0);
}

/// <param name="Coupons">The coupons to apply, in the member's choice; each must be one the member holds.</param>
/// <param name="AtMs">The instant validity is judged at.</param>
public sealed record PricingRequest(IReadOnlyList<PricingLine> Lines, long ShippingFeeFen, TierTerms Tier,
    IReadOnlyList<PricingCoupon> Coupons, long PointsToUse, PointsTerms Points, long AtMs);

/// <summary>One line after every step; <see cref="PayFen"/> is what the commerce system sends as the line amount.</summary>
public sealed record PricedLine(string LineId, long AmountFen, long TierDiscountFen, long CouponDiscountFen, long PointsDeductionFen)
{
    public long PayFen => AmountFen - TierDiscountFen - CouponDiscountFen - PointsDeductionFen;
}

public static class DiscountSources
{
    public const string Tier = "tier";
    public const string Coupon = "coupon";
}

/// <param name="Source">tier or coupon.</param>
/// <param name="ShippingFen">The part of the discount taken off shipping (free-shipping coupons, the tier's free shipping).</param>
public sealed record PricedDiscount(string Source, string? CouponId, string Label, long GoodsFen, long ShippingFen)
{
    public long AmountFen => GoodsFen + ShippingFen;
}

/// <summary>Why a coupon does or does not apply to this order.</summary>
/// <param name="Reason">Null when it applies; else one of <see cref="CouponReasons"/>.</param>
/// <param name="DiscountFen">What it takes off when applied (alone, when it was not applied).</param>
public sealed record CouponFit(PricingCoupon Coupon, bool Applied, string? Reason, long DiscountFen);

public sealed record PricingResult
{
    public required long SubtotalFen { get; init; }
    public required IReadOnlyList<PricedDiscount> Discounts { get; init; }
    public required IReadOnlyList<PricedLine> Lines { get; init; }
    public required long PointsUsed { get; init; }
    public required long PointsDeductionFen { get; init; }
    /// <summary>The most points this order could take, given the balance, the step and the share cap.</summary>
    public required long MaxPointsUsable { get; init; }
    public required long ShippingFeeFen { get; init; }
    public required long ShippingDiscountFen { get; init; }
    public required IReadOnlyList<CouponFit> Coupons { get; init; }
    /// <summary>Problems with what was asked (a coupon that does not apply, points refused); the price leaves them out.</summary>
    public required IReadOnlyList<UserError> Errors { get; init; }

    public long GoodsDiscountFen => Discounts.Sum(d => d.GoodsFen);
    public long GoodsPayFen => Lines.Sum(l => l.PayFen);
    public long ShippingPayFen => ShippingFeeFen - ShippingDiscountFen;
    public long TotalFen => GoodsPayFen + ShippingPayFen;
    public IReadOnlyList<string> AppliedCouponIds => Coupons.Where(c => c.Applied).Select(c => c.Coupon.Id).ToList();
}

/// <summary>Reason codes for a coupon that does not apply.</summary>
public static class CouponReasons
{
    public const string NotYetValid = "NOT_YET_VALID";
    public const string Expired = "EXPIRED";
    public const string NotInScope = "NOT_IN_SCOPE";
    public const string BelowThreshold = "BELOW_THRESHOLD";
    public const string NotStackable = "NOT_STACKABLE";
    public const string ExclusiveGroup = "EXCLUSIVE_GROUP";
    public const string NotWithPoints = "NOT_WITH_POINTS";
    public const string NoDiscount = "NO_DISCOUNT";
    public const string Duplicate = "DUPLICATE";
}

public static class PricingErrorCodes
{
    public const string CouponNotApplicable = "COUPON_NOT_APPLICABLE";
    public const string PointsNotAllowed = "POINTS_NOT_ALLOWED";
}
