using System.ComponentModel;

namespace Shop.Coupons.Models;

public static class CouponKinds
{
    /// <summary>满减: goods in scope reach <see cref="CouponRules.ThresholdFen"/>, minus <see cref="CouponRules.DiscountFen"/>.</summary>
    public const string ThresholdMinus = "thresholdMinus";

    /// <summary>折扣: <see cref="CouponRules.PercentOff"/> off goods in scope (optional threshold), at most <see cref="CouponRules.MaxDiscountFen"/>.</summary>
    public const string PercentOff = "percentOff";

    /// <summary>免邮: the shipping fee is waived (optional threshold on goods in scope).</summary>
    public const string FreeShipping = "freeShipping";

    /// <summary>无门槛: minus <see cref="CouponRules.DiscountFen"/> with no threshold.</summary>
    public const string Cash = "cash";

    public static readonly string[] All = [ThresholdMinus, PercentOff, FreeShipping, Cash];
}

public static class CouponScopeKinds
{
    public const string All = "all";
    public const string Categories = "categories";
    public const string Skus = "skus";

    public static readonly string[] Every = [All, Categories, Skus];
}

/// <summary>
/// What a coupon takes off and where. A template holds these; each issued coupon copies them,
/// so a template edited later never changes coupons already in members' hands, and checkout
/// prices a coupon from its own copy.
/// </summary>
[Description("What a coupon takes off, on which goods, and what it combines with.")]
public sealed class CouponRules
{
    [Description("thresholdMinus, percentOff, freeShipping or cash.")]
    public string Kind { get; set; } = CouponKinds.ThresholdMinus;

    [Description("Minimum amount (fen) of in-scope goods after the tier discount; 0 = none.")]
    public long ThresholdFen { get; set; }

    [Description("Amount off (fen) for thresholdMinus and cash.")]
    public long DiscountFen { get; set; }

    [Description("Percent off for percentOff, 1-99 (15 = 15% off, i.e. 8.5折).")]
    public int PercentOff { get; set; }

    [Description("Largest discount (fen) a percentOff coupon gives; 0 = no cap.")]
    public long MaxDiscountFen { get; set; }

    public CouponScope Scope { get; set; } = new();

    public CouponStacking Stacking { get; set; } = new();
}

[Description("The goods a coupon applies to. Exclusions win over inclusions.")]
public sealed class CouponScope
{
    [Description("all, categories or skus.")]
    public string Kind { get; set; } = CouponScopeKinds.All;

    public List<string> CategoryIds { get; set; } = [];

    public List<string> Skus { get; set; } = [];

    public List<string> ExcludedCategoryIds { get; set; } = [];

    public List<string> ExcludedSkus { get; set; } = [];
}

[Description("What a coupon may be combined with at checkout.")]
public sealed class CouponStacking
{
    [Description("Whether another coupon may be used on the same order.")]
    public bool WithOtherCoupons { get; set; }

    [Description("Whether points may pay part of an order using this coupon.")]
    public bool WithPoints { get; set; } = true;

    [Description("Coupons sharing a group name never combine, even when both allow stacking.")]
    public string? ExclusiveGroup { get; set; }
}
