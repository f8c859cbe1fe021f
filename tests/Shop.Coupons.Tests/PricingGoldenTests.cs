using Shop.Coupons.Models;
using Shop.Coupons.Pricing;

namespace Shop.Coupons.Tests;

/// <summary>
/// Golden cases for checkout pricing: each names an order, what the member brings (tier, coupons,
/// points) and the exact figures in fen. A change to the rules that moves any figure must change
/// this table on purpose.
/// </summary>
public sealed class PricingGoldenTests
{
    internal const long Now = 1_800_000_000_000;

    public sealed record Golden(
        string Name,
        PricingLine[] Lines,
        long Shipping = 0,
        TierTerms? Tier = null,
        PricingCoupon[]? Coupons = null,
        long Points = 0,
        PointsTerms? PointsTerms = null,
        long GoodsDiscount = 0,
        long PointsFen = 0,
        long ShippingPay = -1,
        long Total = -1,
        string[]? Applied = null,
        string[]? Errors = null,
        string[]? Reasons = null,
        long[]? LinePay = null)
    {
        public override string ToString() => Name;
    }

    internal static PricingLine Line(string id, long fen, string sku = "sku", params string[] categories) => new(id, id == "a" ? sku : sku + id, categories, 1, fen);
    private static PricingLine Cat(string id, long fen, string category) => new(id, "sku-" + id, [category], 1, fen);

    internal static PricingCoupon Minus(string id, long threshold, long off, bool stack = false, bool points = true, string? group = null, CouponScope? scope = null) =>
        new(id, id, new CouponRules { Kind = CouponKinds.ThresholdMinus, ThresholdFen = threshold, DiscountFen = off, Scope = scope ?? new(),
            Stacking = new CouponStacking { WithOtherCoupons = stack, WithPoints = points, ExclusiveGroup = group } }, 0, long.MaxValue);

    internal static PricingCoupon Cash(string id, long off, bool stack = false, string? group = null) =>
        new(id, id, new CouponRules { Kind = CouponKinds.Cash, DiscountFen = off, Stacking = new CouponStacking { WithOtherCoupons = stack, ExclusiveGroup = group } }, 0, long.MaxValue);

    internal static PricingCoupon Percent(string id, int percent, long max = 0, long threshold = 0, bool stack = false, CouponScope? scope = null, string? group = null) =>
        new(id, id, new CouponRules { Kind = CouponKinds.PercentOff, PercentOff = percent, MaxDiscountFen = max, ThresholdFen = threshold, Scope = scope ?? new(),
            Stacking = new CouponStacking { WithOtherCoupons = stack, ExclusiveGroup = group } }, 0, long.MaxValue);

    internal static PricingCoupon Ship(string id, long threshold = 0, bool stack = true) =>
        new(id, id, new CouponRules { Kind = CouponKinds.FreeShipping, ThresholdFen = threshold, Stacking = new CouponStacking { WithOtherCoupons = stack } }, 0, long.MaxValue);

    private static CouponScope Categories(params string[] ids) => new() { Kind = CouponScopeKinds.Categories, CategoryIds = [.. ids] };
    private static CouponScope Skus(params string[] skus) => new() { Kind = CouponScopeKinds.Skus, Skus = [.. skus] };

    private static readonly TierTerms Gold = new(3, "Gold", 5, true);
    private static readonly TierTerms Silver = new(2, "Silver", 10, false);
    internal static PointsTerms Wallet(long balance, int share = 50, long step = 100, long minimum = 0) => new(balance, 100, step, share, minimum);

    public static TheoryData<Golden> Cases => new(
    [
        // Thresholds at the boundary.
        new("threshold met exactly", [Line("a", 100_00)], Coupons: [Minus("m", 100_00, 10_00)], GoodsDiscount: 10_00, Total: 90_00, Applied: ["m"]),
        new("threshold missed by one fen", [Line("a", 99_99)], Coupons: [Minus("m", 100_00, 10_00)], Total: 99_99, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["BELOW_THRESHOLD"]),
        new("threshold measured after the tier discount", [Line("a", 105_00)], Tier: Silver, Coupons: [Minus("m", 100_00, 10_00)],
            GoodsDiscount: 10_50, Total: 94_50, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["BELOW_THRESHOLD"]),
        new("threshold met after the tier discount", [Line("a", 112_00)], Tier: Silver, Coupons: [Minus("m", 100_00, 10_00)],
            GoodsDiscount: 11_20 + 10_00, Total: 90_80, Applied: ["m"]),
        new("threshold over two lines", [Line("a", 60_00), Line("b", 40_00)], Coupons: [Minus("m", 100_00, 10_00)],
            GoodsDiscount: 10_00, Total: 90_00, Applied: ["m"], LinePay: [54_00, 36_00]),
        new("cash coupon larger than the goods stops at zero", [Line("a", 3_00)], Coupons: [Cash("c", 5_00)], GoodsDiscount: 3_00, Total: 0, Applied: ["c"]),
        new("cash coupon leaves shipping to pay", [Line("a", 3_00)], Shipping: 8_00, Coupons: [Cash("c", 5_00)], GoodsDiscount: 3_00, ShippingPay: 8_00, Total: 8_00, Applied: ["c"]),

        // Percent-off and caps.
        new("percent off rounds down to the fen", [Line("a", 99_99)], Coupons: [Percent("p", 15)], GoodsDiscount: 14_99, Total: 85_00, Applied: ["p"]),
        new("percent off capped", [Line("a", 1000_00)], Coupons: [Percent("p", 20, max: 50_00)], GoodsDiscount: 50_00, Total: 950_00, Applied: ["p"]),
        new("percent off under its cap", [Line("a", 200_00)], Coupons: [Percent("p", 20, max: 50_00)], GoodsDiscount: 40_00, Total: 160_00, Applied: ["p"]),
        new("percent off with a threshold missed", [Line("a", 99_00)], Coupons: [Percent("p", 10, threshold: 100_00)], Total: 99_00,
            Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["BELOW_THRESHOLD"]),
        new("percent off after the tier discount", [Line("a", 100_00)], Tier: Silver, Coupons: [Percent("p", 10)], GoodsDiscount: 10_00 + 9_00, Total: 81_00, Applied: ["p"]),
        new("percent off of one fen is nothing", [Line("a", 5)], Coupons: [Percent("p", 10)], Total: 5, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NO_DISCOUNT"]),

        // Stacking.
        new("two coupons that do not stack", [Line("a", 300_00)], Coupons: [Minus("m", 200_00, 30_00), Cash("c", 5_00)],
            GoodsDiscount: 30_00, Total: 270_00, Applied: ["m"], Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NOT_STACKABLE"]),
        new("a stackable coupon after a non-stacking one is refused", [Line("a", 300_00)], Coupons: [Minus("m", 200_00, 30_00), Cash("c", 5_00, stack: true)],
            GoodsDiscount: 30_00, Total: 270_00, Applied: ["m"], Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NOT_STACKABLE"]),
        new("two stacking coupons both apply, fixed before percent", [Line("a", 300_00)], Coupons: [Percent("p", 10, stack: true), Minus("m", 200_00, 30_00, stack: true)],
            GoodsDiscount: 30_00 + 27_00, Total: 243_00, Applied: ["p", "m"]),
        new("same exclusive group refused", [Line("a", 300_00)], Coupons: [Cash("c1", 5_00, stack: true, group: "cash"), Cash("c2", 3_00, stack: true, group: "cash")],
            GoodsDiscount: 5_00, Total: 295_00, Applied: ["c1"], Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["EXCLUSIVE_GROUP"]),
        new("different exclusive groups stack", [Line("a", 300_00)], Coupons: [Cash("c1", 5_00, stack: true, group: "x"), Cash("c2", 3_00, stack: true, group: "y")],
            GoodsDiscount: 8_00, Total: 292_00, Applied: ["c1", "c2"]),
        new("the same coupon twice counts once", [Line("a", 300_00)], Coupons: [Cash("c", 5_00, stack: true), Cash("c", 5_00, stack: true)],
            GoodsDiscount: 5_00, Total: 295_00, Applied: ["c"], Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["DUPLICATE"]),
        new("coupon that forbids points refuses the coupon when points are used", [Line("a", 300_00)], Coupons: [Minus("m", 200_00, 30_00, points: false)],
            Points: 100, PointsTerms: Wallet(100_00), PointsFen: 1_00, Total: 299_00, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NOT_WITH_POINTS"]),

        // Category and SKU scope.
        new("category scope covers only its lines", [Cat("a", 150_00, "shoes"), Cat("b", 100_00, "bags")], Coupons: [Percent("p", 10, scope: Categories("shoes"))],
            GoodsDiscount: 15_00, Total: 235_00, Applied: ["p"], LinePay: [135_00, 100_00]),
        new("category threshold counts only in-scope goods", [Cat("a", 150_00, "shoes"), Cat("b", 100_00, "bags")], Coupons: [Minus("m", 200_00, 20_00, scope: Categories("shoes"))],
            Total: 250_00, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["BELOW_THRESHOLD"]),
        new("no line in scope", [Cat("a", 150_00, "bags")], Coupons: [Minus("m", 100_00, 20_00, scope: Categories("shoes"))],
            Total: 150_00, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NOT_IN_SCOPE"]),
        new("sku scope", [Line("a", 80_00, "SKU-1"), Line("b", 80_00, "SKU-2")], Coupons: [Cash("c", 10_00) with { Rules = new CouponRules { Kind = CouponKinds.Cash, DiscountFen = 10_00, Scope = Skus("SKU-1") } }],
            GoodsDiscount: 10_00, Total: 150_00, Applied: ["c"], LinePay: [70_00, 80_00]),
        new("excluded category wins over all", [Cat("a", 100_00, "sale"), Cat("b", 100_00, "new")],
            Coupons: [Percent("p", 10, scope: new CouponScope { ExcludedCategoryIds = ["sale"] })], GoodsDiscount: 10_00, Total: 190_00, Applied: ["p"], LinePay: [100_00, 90_00]),
        new("discount split over lines by largest remainder", [Line("a", 1_00), Line("b", 1_00), Line("c", 1_00)], Coupons: [Cash("c", 1_00)],
            GoodsDiscount: 1_00, Total: 2_00, Applied: ["c"], LinePay: [66, 67, 67]),

        // Free shipping.
        new("free shipping without threshold", [Line("a", 10_00)], Shipping: 8_00, Coupons: [Ship("s")], ShippingPay: 0, Total: 10_00, Applied: ["s"]),
        new("free shipping threshold met", [Line("a", 99_00)], Shipping: 8_00, Coupons: [Ship("s", 99_00)], ShippingPay: 0, Total: 99_00, Applied: ["s"]),
        new("free shipping threshold missed", [Line("a", 98_99)], Shipping: 8_00, Coupons: [Ship("s", 99_00)], ShippingPay: 8_00, Total: 106_99,
            Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["BELOW_THRESHOLD"]),
        new("tier free shipping makes the coupon pointless", [Line("a", 100_00)], Shipping: 8_00, Tier: Gold, Coupons: [Ship("s")],
            GoodsDiscount: 5_00, ShippingPay: 0, Total: 95_00, Errors: ["COUPON_NOT_APPLICABLE"], Reasons: ["NO_DISCOUNT"]),
        new("free shipping stacks with a goods coupon", [Line("a", 200_00)], Shipping: 10_00, Coupons: [Minus("m", 199_00, 30_00, stack: true), Ship("s")],
            GoodsDiscount: 30_00, ShippingPay: 0, Total: 170_00, Applied: ["m", "s"]),

        // Points.
        new("points within the share", [Line("a", 100_00)], Points: 50_00, PointsTerms: Wallet(10_000_00), PointsFen: 50_00, Total: 50_00),
        new("points over the share refused", [Line("a", 100_00)], Points: 50_10 * 1 + 90, PointsTerms: Wallet(10_000_00, step: 1), Total: 100_00, Errors: ["POINTS_SHARE_EXCEEDED"]),
        new("points not a whole step", [Line("a", 100_00)], Points: 150, PointsTerms: Wallet(10_000), Total: 100_00, Errors: ["POINTS_STEP"]),
        new("points beyond the balance", [Line("a", 100_00)], Points: 2_000, PointsTerms: Wallet(1_900), Total: 100_00, Errors: ["INSUFFICIENT_POINTS"]),
        new("points below the minimum balance", [Line("a", 100_00)], Points: 100, PointsTerms: Wallet(500, minimum: 1_000), Total: 100_00, Errors: ["POINTS_BELOW_MINIMUM"]),
        new("points share measured after coupons", [Line("a", 200_00)], Coupons: [Minus("m", 200_00, 100_00)], Points: 60_00, PointsTerms: Wallet(100_000),
            GoodsDiscount: 100_00, Total: 100_00, Applied: ["m"], Errors: ["POINTS_SHARE_EXCEEDED"]),
        new("points never pay shipping", [Line("a", 100_00)], Shipping: 10_00, Points: 50_00, PointsTerms: Wallet(100_000, share: 100), PointsFen: 50_00, ShippingPay: 10_00, Total: 60_00),
        new("everything in order", [Cat("a", 300_00, "shoes"), Cat("b", 100_00, "bags")], Shipping: 12_00, Tier: Silver,
            Coupons: [Minus("m", 300_00, 40_00, stack: true), Ship("s", 100_00)], Points: 10_000, PointsTerms: Wallet(50_000),
            GoodsDiscount: 40_00 + 40_00, PointsFen: 100_00, ShippingPay: 0, Total: 220_00, Applied: ["m", "s"], LinePay: [165_00, 55_00]),
    ]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prices_the_golden_case(Golden g)
    {
        var result = CheckoutPricing.Price(new PricingRequest(g.Lines, g.Shipping, g.Tier ?? TierTerms.None, g.Coupons ?? [], g.Points,
            g.PointsTerms ?? PointsTerms.None, Now));

        Assert.Equal(g.Lines.Sum(l => l.AmountFen), result.SubtotalFen);
        Assert.Equal(g.GoodsDiscount, result.GoodsDiscountFen);
        Assert.Equal(g.PointsFen, result.PointsDeductionFen);
        Assert.Equal(g.ShippingPay >= 0 ? g.ShippingPay : g.Shipping, result.ShippingPayFen);
        Assert.Equal(g.Total, result.TotalFen);
        Assert.Equal((g.Applied ?? []).Order(), result.AppliedCouponIds.Order());
        Assert.Equal(g.Errors ?? [], result.Errors.Select(e => e.Code).ToArray());
        Assert.Equal(g.Reasons ?? [], result.Coupons.Where(c => !c.Applied).Select(c => c.Reason!).ToArray());
        if (g.LinePay is not null) Assert.Equal(g.LinePay, result.Lines.Select(l => l.PayFen).ToArray());

        // Invariants every case must keep: parts add up, nothing negative.
        Assert.All(result.Lines, l => Assert.True(l.PayFen >= 0, $"line {l.LineId} pays {l.PayFen}"));
        Assert.Equal(result.GoodsDiscountFen, result.Lines.Sum(l => l.TierDiscountFen + l.CouponDiscountFen));
        Assert.Equal(result.PointsDeductionFen, result.Lines.Sum(l => l.PointsDeductionFen));
        Assert.Equal(result.SubtotalFen - result.GoodsDiscountFen - result.PointsDeductionFen + result.ShippingPayFen, result.TotalFen);
    }

    [Fact]
    public void There_are_at_least_thirty_golden_cases() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");
}
